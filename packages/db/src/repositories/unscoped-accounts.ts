import { AtscaleError, isOrganisationRole, type RoleGrant } from '@atscale/domain';
import type { Database, Queryable } from '../database.js';

/** What sign-in needs to know about an account. */
export interface AccountForSignIn {
  readonly id: string;
  readonly orgId: string;
  readonly passwordHash: string;
  readonly lockedUntil: Date | null;
  readonly disabled: boolean;
}

/** A new user: who they are, their password hash and their roles. */
export interface NewUser {
  readonly orgId: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly grants: readonly RoleGrant[];
}

/** The user behind a live session. */
export interface SessionUser {
  readonly userId: string;
  readonly orgId: string;
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly RoleGrant[];
}

/** How long sessions last. */
export interface SessionPolicy {
  /** A session ends after this many minutes without a request. */
  readonly idleMinutes: number;
  /** A session ends this many minutes after sign-in, however busy. */
  readonly absoluteMinutes: number;
}

/**
 * Accounts and sessions for sign-in: UNSCOPED, because at sign-in nobody is known yet. Only the
 * authentication plugin and system jobs (the CLI) may use it; handlers get scoped repositories.
 */
export function unscopedAccountRepository(db: Database) {
  return {
    /** The account with this email address, if any (emails are stored in lower case). */
    async findForSignIn(email: string): Promise<AccountForSignIn | null> {
      const { rows } = await db.query<AccountForSignIn>(
        `select id, org_id as "orgId", password_hash as "passwordHash",
                case when locked_until > now() then locked_until end as "lockedUntil",
                disabled_at is not null as disabled
           from app_user where email = $1`,
        [email.trim().toLowerCase()],
      );
      return rows[0] ?? null;
    },

    /** Counts a failed sign-in; locks the account once `maxFailures` is reached. Returns the lock end. */
    async recordFailedSignIn(
      userId: string,
      policy: { maxFailures: number; lockMinutes: number },
    ): Promise<Date | null> {
      const { rows } = await db.query<{ lockedUntil: Date | null }>(
        `update app_user
            set failed_sign_ins = failed_sign_ins + 1,
                locked_until = case when failed_sign_ins + 1 >= $2
                                    then now() + make_interval(mins => $3::int) else locked_until end
          where id = $1
          returning case when locked_until > now() then locked_until end as "lockedUntil"`,
        [userId, policy.maxFailures, policy.lockMinutes],
      );
      return rows[0]?.lockedUntil ?? null;
    },

    /** Clears the failure count after a good sign-in. */
    async recordGoodSignIn(userId: string): Promise<void> {
      await db.query('update app_user set failed_sign_ins = 0, locked_until = null where id = $1', [
        userId,
      ]);
    },

    /** Creates a user and their role grants in one transaction; returns the user's id. */
    async createUser(user: NewUser): Promise<string> {
      for (const grant of user.grants) {
        if (isOrganisationRole(grant.role) !== (grant.practiceId === null)) {
          throw new AtscaleError(
            'validation-failed',
            isOrganisationRole(grant.role)
              ? `The role ${grant.role} is held for the whole organisation and takes no practice`
              : `The role ${grant.role} must name a practice`,
          );
        }
      }
      return db.transaction(async (tx) => {
        const existing = await tx.query('select 1 from app_user where email = $1', [
          user.email.toLowerCase(),
        ]);
        if (existing.rows.length > 0) {
          throw new AtscaleError('conflict', `A user with the email ${user.email} already exists`);
        }
        const { rows } = await tx.query<{ id: string }>(
          `insert into app_user (org_id, email, display_name, password_hash)
           values ($1, $2, $3, $4) returning id`,
          [user.orgId, user.email.toLowerCase(), user.displayName, user.passwordHash],
        );
        const id = rows[0]?.id;
        if (!id) throw new Error('insert into app_user returned no id');
        await insertGrants(tx, user.orgId, id, user.grants);
        return id;
      });
    },

    /** Starts a session; the token's hash is the key, never the token itself. */
    async startSession(
      session: { tokenHash: string; userId: string; orgId: string },
      policy: SessionPolicy,
    ): Promise<void> {
      await db.query(
        `insert into user_session (token_hash, org_id, user_id, expires_at)
         values ($1, $2, $3, now() + make_interval(mins => least($4::int, $5::int)))`,
        [
          session.tokenHash,
          session.orgId,
          session.userId,
          policy.idleMinutes,
          policy.absoluteMinutes,
        ],
      );
    },

    /**
     * The user of a live session and their roles, in one read; null when the session is
     * unknown, ended, expired, or its user disabled. Its idle time is extended (never past its
     * absolute end) at most once a minute, by a second statement then, so most requests only
     * read: a plain select costs a third less than one with a writing CTE on PGlite.
     */
    async resumeSession(tokenHash: string, policy: SessionPolicy): Promise<SessionUser | null> {
      const { rows } = await db.query<SessionUser & { stale: boolean }>(
        `select u.id as "userId", u.org_id as "orgId", u.email, u.display_name as "displayName",
                coalesce((select json_agg(json_build_object('role', g.role, 'practiceId', g.practice_id)
                                          order by g.role, g.practice_id)
                            from role_grant g where g.user_id = u.id), '[]'::json) as grants,
                s.last_seen_at < now() - interval '1 minute' as stale
           from user_session s join app_user u on u.id = s.user_id
          where s.token_hash = $1 and s.ended_at is null and s.expires_at > now()
            and u.disabled_at is null`,
        [tokenHash],
      );
      const row = rows[0];
      if (!row) return null;
      const { stale, ...user } = row;
      if (stale) {
        await db.query(
          `update user_session
              set last_seen_at = now(),
                  expires_at = least(created_at + make_interval(mins => $3::int),
                                     now() + make_interval(mins => $2::int))
            where token_hash = $1 and ended_at is null`,
          [tokenHash, policy.idleMinutes, policy.absoluteMinutes],
        );
      }
      return user;
    },

    /** Ends a session (sign-out). */
    async endSession(tokenHash: string): Promise<void> {
      await db.query(
        'update user_session set ended_at = now() where token_hash = $1 and ended_at is null',
        [tokenHash],
      );
    },
  };
}

/** Adds role grants for a user with one statement. */
export async function insertGrants(
  tx: Queryable,
  orgId: string,
  userId: string,
  grants: readonly RoleGrant[],
): Promise<void> {
  if (grants.length === 0) return;
  await tx.query(
    `insert into role_grant (org_id, user_id, role, practice_id)
     select $1, $2, g.role, g.practice_id
       from unnest($3::text[], $4::uuid[]) as g(role, practice_id)`,
    [orgId, userId, grants.map((g) => g.role), grants.map((g) => g.practiceId)],
  );
}
