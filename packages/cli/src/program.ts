import { Command, Option } from 'commander';
import { ORGANISATION_ROLES, PRACTICE_ROLES } from '@atscale/domain';
import { backupCommand, type BackupFlags } from './commands/backup.js';
import { addDemoCommand } from './commands/demo-command.js';
import { importClinicalCommand, type ImportClinicalFlags } from './commands/import-clinical.js';
import { importListSizesCommand, type ImportListSizesFlags } from './commands/import-list-sizes.js';
import { importPracticesCommand, type ImportPracticesFlags } from './commands/import-practices.js';
import { migrateCommand } from './commands/migrate.js';
import { restoreCommand } from './commands/restore.js';
import { safetyCheckCommand, safetyReportCommand, type SafetyFlags } from './commands/safety.js';
import { serve } from './commands/serve.js';
import { simulateCommand, type SimulateFlags } from './commands/simulate.js';
import { userAddCommand, type UserAddFlags } from './commands/user-add.js';

const dataOption = () =>
  new Option('--data <dir>', 'folder of the embedded database (default ./data, or ATSCALE_DATA)');

/** The `atscale` command and its verbs. */
export function buildProgram(): Command {
  const program = new Command('atscale')
    .description('atscale: the shared operating platform for general practice at scale')
    .showHelpAfterError()
    // Before any verb is added, so every verb inherits it: runCli then gets usage errors as
    // exceptions instead of the process ending from inside it.
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => {
        write(text);
      },
    });

  const servers = [
    ['start', 'migrate, create the demo organisation on an empty database, and serve', true],
    ['serve', 'migrate and serve, without creating any demo data', false],
  ] as const;
  for (const [name, description, demo] of servers) {
    program
      .command(name)
      .description(description)
      .addOption(dataOption())
      .option('--port <port>', 'port to listen on (default 3000, or PORT)')
      .option('--host <host>', 'address to listen on (default localhost, or HOST)')
      .action((flags: { data?: string; port?: string; host?: string }) => serve(flags, { demo }));
  }

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .addOption(dataOption())
    .action((flags: { data?: string }) => migrateCommand(flags));

  addUserCommands(program);
  addBackupCommands(program);
  addImportCommands(program);
  addDemoCommand(program, dataOption);
  addSafetyCommands(program);
  addSimulateCommand(program);
  return program;
}

/** Collects a repeatable option's values in order. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function addUserCommands(program: Command): void {
  const user = program.command('user').description('manage the people who sign in');
  user
    .command('add')
    .description('add a user, with their roles; asks for the password (or reads it from stdin)')
    .requiredOption('--email <email>', 'their email address, which they sign in with')
    .option(
      '--role <role>',
      'a role, or role:ODS for a practice role at one practice; repeat for more',
      collect,
    )
    .option(
      '--practice <ods>',
      'ODS code of a practice where the practice roles given without one are held; repeatable',
      collect,
    )
    .option('--name <name>', 'their name as shown (default: the part of the email before @)')
    .option('--org <org>', 'organisation name or id (needed when there is more than one)')
    .addOption(dataOption())
    .addHelpText(
      'after',
      `
Roles held for the whole organisation take no practice:
  ${ORGANISATION_ROLES.join(', ')}
Roles held at practices:
  ${PRACTICE_ROLES.join(', ')}

On a terminal the password is asked for twice, hidden. Otherwise the first line of standard
input is the password, e.g.  printf '%s\\n' "$PASSWORD" | atscale user add ...

Examples:
  atscale user add --email sam@example.org --name "Dr Sam Okafor" --role clinician --practice Y90001
  atscale user add --email jo@example.org --role org-admin --role practice-manager:Y90002`,
    )
    .action(async (flags: UserAddFlags) => {
      await userAddCommand(flags);
    });
}

function addBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('back up the database to FILE')
    .argument('<file>', 'the backup file to write')
    .addOption(dataOption())
    .option('--force', 'replace FILE if it exists')
    .addHelpText(
      'after',
      `
Embedded database (no DATABASE_URL): FILE is a gzipped tarball of the data folder. The folder
can be open in one process only, so stop any atscale server using it first; backup refuses a
folder another process has open (it looks for the postmaster.pid PGlite leaves while open and,
on Linux, for the process holding the files).
Server (DATABASE_URL): FILE is a pg_dump archive in custom format, taken from a consistent
snapshot while the server runs. Needs pg_dump, as new as the server (on PATH, or Debian's
/usr/lib/postgresql/N/bin).

FILE is written as FILE.partial and renamed when complete.`,
    )
    .action(async (file: string, flags: BackupFlags) => {
      await backupCommand(file, flags);
    });

  program
    .command('restore')
    .description('restore a backup made by atscale backup into a new, empty database')
    .argument('<file>', 'the backup file to read')
    .addOption(dataOption())
    .addHelpText(
      'after',
      `
Embedded database (no DATABASE_URL): the --data folder must be missing or empty.
Server (DATABASE_URL): the database must have no tables (createdb a fresh one); needs pg_restore.
Either way a failed restore leaves the target as it was: a folder is built aside and renamed
into place, and pg_restore runs in one transaction.
Migrations run after loading, so a backup from an older version is brought up to date.`,
    )
    .action(async (file: string, flags: { data?: string }) => {
      await restoreCommand(file, flags);
    });
}

function addImportCommands(program: Command): void {
  const importGroup = program
    .command('import')
    .description('load practices and list sizes from files; all or nothing');
  const orgOption = () =>
    new Option('--org <org>', 'organisation name or id (needed when there is more than one)');
  importGroup
    .command('practices')
    .description('import the active GP practices of a public GP practice list (ODS epraccur)')
    .argument('<file>', 'the practice list: CSV, no header row, 27 columns')
    .addOption(orgOption())
    .addOption(dataOption())
    .addHelpText(
      'after',
      `
Keeps the rows with status A (active) and prescribing setting 4 (GP practice), and adds or
updates them in the organisation by ODS code. A bad row stops the import with its row number
and nothing is written. Importing the same file again changes nothing.`,
    )
    .action(async (file: string, flags: ImportPracticesFlags) => {
      await importPracticesCommand(file, flags);
    });
  importGroup
    .command('list-sizes')
    .description("import dated list sizes of the organisation's practices")
    .argument('<file>', 'CSV with the header ods_code,date,list_size (date YYYY-MM-DD)')
    .addOption(orgOption())
    .addOption(dataOption())
    .addHelpText(
      'after',
      `
Every ODS code must be a practice of the organisation. A bad row stops the import with its row
number and nothing is written. Importing the same file again changes nothing.`,
    )
    .action(async (file: string, flags: ImportListSizesFlags) => {
      await importListSizesCommand(file, flags);
    });
  importGroup
    .command('clinical')
    .description("import practices' coded records: FHIR R4 bulk-data NDJSON and CSV files")
    .argument(
      '<dir>',
      'a folder of .ndjson (Patient, Condition, Observation, Medication*) and .csv files',
    )
    .addOption(orgOption())
    .addOption(dataOption())
    .addHelpText(
      'after',
      `
NDJSON: FHIR R4 resources with SNOMED CT codes (http://snomed.info/sct), matched to the register
by NHS number (https://fhir.nhs.uk/Id/nhs-number); Patient files are read first so that other
files' Patient/{id} references resolve. CSV: the header nhs_number,code_system,code,date.
Each file is streamed and imported all or nothing: a bad line stops the import naming its line
and nothing of that file is written. A file imported before (same content) is skipped. Records
for patients not on the register are skipped and counted.`,
    )
    .action(async (dir: string, flags: ImportClinicalFlags) => {
      await importClinicalCommand(dir, flags);
    });
}

function addSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('simulate a year of a set of practices under every form of working at scale')
    .argument('<scenario>', 'the scenario: JSON with practices and any assumptions to change')
    .option('--runs <n>', 'simulated years per form (default 200)')
    .option('--out <file>', 'the HTML report to write (default report.html)')
    .option('--workers <k>', 'worker threads (default the CPUs, at most 4)')
    .option('--seed <seed>', 'the seed: the same seed gives the same report (default 1)')
    .option(
      '--practices <csv>',
      "practices from a CSV (header ods_code,name,list_size,gp_wte,nurse_wte,sites,income,costs,partners; money in pounds) instead of the scenario's",
    )
    .addHelpText(
      'after',
      `
The report is one HTML file (no scripts, nothing fetched) comparing the status quo, federation,
hub network, integrated, autonomy and pyramidal super-partnerships and an MCP on access,
resilience and money, with 95% intervals; print it from a browser for a PDF.
See packages/cli/examples/three-practices.json for a scenario.`,
    )
    .action(async (scenario: string, flags: SimulateFlags) => {
      await simulateCommand(scenario, flags);
    });
}

function addSafetyCommands(program: Command): void {
  const safety = program
    .command('safety')
    .description('the clinical safety case: the hazard log and the tests that prove its controls');
  const common = (command: Command) =>
    command
      .option('--log <file>', 'the hazard log (default safety/hazards.yaml)')
      .option('--results <dir>', "this run's Vitest JSON reports (default .vitest-results)")
      .option('--root <dir>', 'the repository root that test files are named from (default .)');
  common(
    safety
      .command('check')
      .description(
        'fail unless every hazard is controlled, no residual risk exceeds its initial risk, and every named test exists and passed in this run',
      ),
  ).action((flags: SafetyFlags) => safetyCheckCommand(flags));
  common(
    safety
      .command('report')
      .description('write the safety case as Markdown, hazards by residual risk'),
  )
    .option('--out <file>', 'where to write it (default safety/safety-case.md)')
    .action((flags: SafetyFlags) => safetyReportCommand(flags));
}
