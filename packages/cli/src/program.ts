import { Command, Option } from 'commander';
import { migrateCommand } from './commands/migrate.js';
import { serve } from './commands/serve.js';

const dataOption = () =>
  new Option('--data <dir>', 'folder of the embedded database (default ./data, or ATSCALE_DATA)');

/** The `atscale` command and its verbs. */
export function buildProgram(): Command {
  const program = new Command('atscale')
    .description('atscale: the shared operating platform for general practice at scale')
    .showHelpAfterError()
    .configureOutput({
      outputError: (text, write) => {
        write(text);
      },
    });

  program
    .command('start')
    .description('migrate, create the demo organisation on an empty database, and serve')
    .addOption(dataOption())
    .option('--port <port>', 'port to listen on (default 3000, or PORT)')
    .option('--host <host>', 'address to listen on (default localhost, or HOST)')
    .action((flags: { data?: string; port?: string; host?: string }) =>
      serve(flags, { demo: true }),
    );

  program
    .command('serve')
    .description('migrate and serve, without creating any demo data')
    .addOption(dataOption())
    .option('--port <port>', 'port to listen on (default 3000, or PORT)')
    .option('--host <host>', 'address to listen on (default localhost, or HOST)')
    .action((flags: { data?: string; port?: string; host?: string }) =>
      serve(flags, { demo: false }),
    );

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .addOption(dataOption())
    .action((flags: { data?: string }) => migrateCommand(flags));

  return program;
}
