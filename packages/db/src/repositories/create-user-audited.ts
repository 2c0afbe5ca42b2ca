import type { Database, Queryable } from '../database.js';
import { writeAudit } from './audit.js';
import { unscopedAccountRepository, type NewUser } from './unscoped-accounts.js';

/** Who created a user, for the audit row. */
export interface UserCreation {
  /** The signed-in user who did it, or null for a system job such as the CLI. */
  readonly byUserId: string | null;
  readonly byRole: string | null;
  /** Why, or how: e.g. "atscale user add, run by OS user alex". */
  readonly reason: string;
}

/**
 * Creates a user with `unscopedAccountRepository().createUser` (same checks, same rows) and
 * writes its `user.create` audit row in the same transaction, so an account never exists
 * without the record of who made it. UNSCOPED: for system jobs and admin paths only.
 */
export async function createUserAudited(
  db: Database,
  user: NewUser,
  creation: UserCreation,
): Promise<string> {
  return db.transaction(async (tx) => {
    const userId = await unscopedAccountRepository(inTransaction(db, tx)).createUser(user);
    await writeAudit(tx, [
      {
        orgId: user.orgId,
        userId: creation.byUserId,
        role: creation.byRole,
        action: 'user.create',
        entityType: 'user',
        entityId: userId,
        patientId: null,
        reason: creation.reason,
        requestId: null,
      },
    ]);
    return userId;
  });
}

/**
 * The open transaction dressed as a Database, so a repository method that starts its own
 * transaction joins this one instead (PostgreSQL has no nested transactions to offer).
 */
function inTransaction(db: Database, tx: Queryable): Database {
  return {
    kind: db.kind,
    query: <R>(sql: string, params?: readonly unknown[]) => tx.query<R>(sql, params),
    exec: (sql: string) => tx.exec(sql),
    transaction: <T>(fn: (inner: Queryable) => Promise<T>) => fn(tx),
    close: () => Promise.resolve(),
  };
}
