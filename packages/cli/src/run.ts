import { CommanderError } from 'commander';
import { AtscaleError } from '@atscale/domain';
import { MigrationError } from '@atscale/db';
import { ConfigError } from '@atscale/server';
import { buildProgram } from './program.js';

/**
 * Runs the CLI and returns its exit code. Errors a user can fix print one clear line;
 * anything else prints its stack, since it is ours to fix.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (
      error instanceof AtscaleError ||
      error instanceof MigrationError ||
      error instanceof ConfigError
    ) {
      process.stderr.write(`atscale: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      process.stderr.write(
        `atscale: ${error.message}: another program uses that port; set PORT or --port\n`,
      );
      return 1;
    }
    process.stderr.write(
      `atscale: unexpected error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
