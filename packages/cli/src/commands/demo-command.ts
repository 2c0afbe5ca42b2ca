import type { Command, Option } from 'commander';
import { DEFAULT_DEMO_SEED, DEMO_SCALES, ORGANISATION_FORMS } from '@atscale/domain';
import { DEFAULT_DEMO_SCALE, demoCommand, type DemoFlags } from './demo.js';

/** Adds `atscale demo` to the program; `dataOption` makes the shared --data option. */
export function addDemoCommand(program: Command, dataOption: () => Option): void {
  program
    .command('demo')
    .description('build a deterministic demo organisation, all or nothing, with a progress bar')
    .option('--scale <scale>', `${DEMO_SCALES.join(', ')} (default ${DEFAULT_DEMO_SCALE})`)
    .option(
      '--seed <n>',
      `a whole number; the same seed builds the same demo (default ${DEFAULT_DEMO_SEED})`,
    )
    .option('--form <form>', 'the organisation form, or all (default autonomy-super-partnership)')
    .addOption(dataOption())
    .addHelpText(
      'after',
      `
Scales:
  tiny   3 practices, 300 patients: for tests
  small  5 member practices and 30,000 patients, plus 3 practices in the membership pipeline
         (what atscale start creates on an empty database)
  ohp    an autonomy super-partnership at the scale of OHP: 40 member practices (34 urban,
         6 rural) of 1,500 to 26,000 patients, 340,000 patients in all, plus 3 prospects

Forms: ${ORGANISATION_FORMS.join(', ')}, or all (one organisation of each).

Patients get NHS numbers from the 999 test range (never issued), England's age and sex mix
and UK-style postcodes; practices get sites, partners and staff, cost centres and membership
history. Each form's demo has its own sign-in (the autonomy one: demo@atscale.test,
clinician@atscale.test, navigator@atscale.test), all with the password atscale-demo; the
command refuses a database that already has them.

Examples:
  atscale demo --scale ohp --seed 7 --data ./ohp-data
  atscale demo --scale small --form federation`,
    )
    .action(async (flags: DemoFlags) => {
      await demoCommand(flags);
    });
}
