import { describeLocation, openMigrated, type DatabaseFlags } from '../context.js';

/** Brings the database's schema up to date and says what was applied. */
export async function migrateCommand(flags: DatabaseFlags): Promise<void> {
  process.stdout.write(`Migrating the ${describeLocation(flags)}\n`);
  const { db, applied } = await openMigrated(flags);
  await db.close();
  process.stdout.write(
    applied.length > 0
      ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`
      : 'Already up to date.\n',
  );
}
