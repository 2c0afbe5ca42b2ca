import { randomUUID } from 'node:crypto';
import {
  AtscaleError,
  forbidden,
  grantingRole,
  isKnownScopeType,
  notFound,
  parseScope,
  reachOf,
  type Role,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { sqlState, FOREIGN_KEY_VIOLATION } from '../sql-errors.js';
import { writeAudit } from './audit.js';
import type { SessionUser } from './unscoped-accounts.js';

/**
 * The role a client holds at each practice it acts for. A client that acts for a practice
 * finds and books appointments for that practice's patients, which is what a care navigator
 * does: it reads the register to match a patient and books, but cannot triage (a clinician's
 * act), see finance or staff, or manage anything. A hub's client acts for the hub's practices
 * and needs the same at each of them (a hub clinician would add triage). The role reaches only
 * those practices; the client's calls go only to the FHIR facade (bearer tokens are refused on
 * the app's API), and its token's SMART scopes narrow it further, type by type.
 */
export const SYSTEM_CLIENT_ROLE: Role = 'care-navigator';

/** The role recorded in the audit rows of a client's FHIR calls. */
export const SYSTEM_CLIENT_AUDIT_ROLE = 'system-client';

/** What a client acts for: one practice, or one hub and so its practices. */
export type ClientActsFor =
  | { readonly kind: 'practice'; readonly id: string; readonly name: string }
  | { readonly kind: 'hub'; readonly id: string; readonly name: string };

/** A registered system client as the administrator sees it (never its secret). */
export interface SystemClient {
  readonly id: string;
  readonly name: string;
  readonly actsFor: ClientActsFor;
  readonly scopes: string[];
  readonly createdAt: Date;
  readonly createdBy: { readonly id: string; readonly displayName: string } | null;
  readonly revokedAt: Date | null;
  readonly revokedBy: { readonly id: string; readonly displayName: string } | null;
  /** When it last got a token, if ever. */
  readonly lastTokenAt: Date | null;
}

/** A client to register: exactly one of practiceId and hubId. */
export interface NewSystemClient {
  readonly name: string;
  readonly practiceId?: string | null | undefined;
  readonly hubId?: string | null | undefined;
  readonly scopes: readonly string[];
}

/** The user and grants behind a live client token, and what the token allows. */
export interface ClientTokenUser extends SessionUser {
  readonly clientId: string;
  readonly scopes: string[];
}

/** What the token endpoint needs to know about a client. */
export interface ClientForToken {
  readonly id: string;
  readonly orgId: string;
  readonly userId: string;
  readonly secretHash: string;
  readonly scopes: string[];
  readonly revoked: boolean;
}

const NAME_MAX = 120;

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field}: ${message}`, [{ field, message }]);

const CLIENT_COLUMNS = `c.id, c.name, c.scopes, c.created_at as "createdAt",
  c.revoked_at as "revokedAt",
  case when c.practice_id is not null
       then json_build_object('kind', 'practice', 'id', c.practice_id, 'name', p.name)
       else json_build_object('kind', 'hub', 'id', c.hub_id, 'name', h.name) end as "actsFor",
  case when cu.id is not null
       then json_build_object('id', cu.id, 'displayName', cu.display_name) end as "createdBy",
  case when ru.id is not null
       then json_build_object('id', ru.id, 'displayName', ru.display_name) end as "revokedBy",
  (select max(t.issued_at) from system_client_token t
    where t.org_id = c.org_id and t.client_id = c.id) as "lastTokenAt"`;

const CLIENT_FROM = `system_client c
  left join practice p on p.org_id = c.org_id and p.id = c.practice_id
  left join hub h on h.org_id = c.org_id and h.id = c.hub_id
  left join app_user cu on cu.org_id = c.org_id and cu.id = c.created_by
  left join app_user ru on ru.org_id = c.org_id and ru.id = c.revoked_by`;

/** The checked scopes of a new client, each once; field errors name `/scopes/<i>`. */
function checkedScopes(scopes: readonly string[]): string[] {
  if (scopes.length === 0) throw invalid('/scopes', 'Choose at least one scope');
  scopes.forEach((text, i) => {
    const scope = parseScope(text);
    if (scope === null) {
      throw invalid(
        `/scopes/${i}`,
        `${text} is not a SMART system scope such as system/Slot.read or system/*.write`,
      );
    }
    if (!isKnownScopeType(scope)) {
      throw invalid(`/scopes/${i}`, `${scope.type} is not a resource type this server serves`);
    }
  });
  return [...new Set(scopes)];
}

/**
 * System clients of the caller's organisation, for its administrators (`users:manage`, the
 * permission that makes accounts: a client is an account of another system). Registering and
 * revoking are audited in their transaction. The secret is made by the caller; only its hash
 * comes here.
 */
export function systemClientRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const requireManage = (what: string) => {
    if (reachOf(principal, 'users:manage').kind !== 'organisation') throw forbidden(what);
  };

  const audit = async (tx: Queryable, action: string, clientId: string, reason: string) => {
    await writeAudit(tx, [
      {
        orgId,
        userId: principal.userId,
        role: grantingRole(principal, 'users:manage', { orgId }),
        action,
        entityType: 'system-client',
        entityId: clientId,
        patientId: null,
        reason,
        requestId,
      },
    ]);
  };

  const find = async (q: Queryable, clientId: string): Promise<SystemClient> => {
    const { rows } = await q.query<SystemClient>(
      `select ${CLIENT_COLUMNS} from ${CLIENT_FROM} where c.org_id = $1 and c.id = $2`,
      [orgId, clientId],
    );
    const client = rows[0];
    if (!client) throw notFound('The system client');
    return client;
  };

  return {
    /** Every client of the organisation, live ones first, newest first. */
    async list(): Promise<SystemClient[]> {
      requireManage('see the organisation’s system clients');
      const { rows } = await db.query<SystemClient>(
        `select ${CLIENT_COLUMNS} from ${CLIENT_FROM} where c.org_id = $1
          order by c.revoked_at is not null, c.created_at desc, c.id`,
        [orgId],
      );
      return rows;
    },

    /** One client of the organisation; 404 for anyone else's. */
    async get(clientId: string): Promise<SystemClient> {
      requireManage('see the organisation’s system clients');
      return find(db, clientId);
    },

    /**
     * Registers a client with the hash of its secret: a backing user that cannot sign in, and
     * the client. Field errors name `/name`, `/practiceId`, `/hubId`, `/scopes/<i>`.
     */
    async register(input: NewSystemClient, secretHash: string): Promise<SystemClient> {
      requireManage('register system clients');
      const name = input.name.trim();
      if (name === '') throw invalid('/name', 'Enter the client’s name');
      if (name.length > NAME_MAX)
        throw invalid('/name', `A name is at most ${NAME_MAX} characters`);
      const practiceId = input.practiceId ?? null;
      const hubId = input.hubId ?? null;
      if ((practiceId === null) === (hubId === null)) {
        throw invalid(
          practiceId === null ? '/practiceId' : '/hubId',
          'Give either the practice or the hub the client acts for, not both',
        );
      }
      const scopes = checkedScopes(input.scopes);
      const id = randomUUID();
      return db.transaction(async (tx) => {
        const owner = await tx.query<{ ok: boolean }>(
          practiceId !== null
            ? 'select true as ok from practice where org_id = $1 and id = $2'
            : 'select true as ok from hub where org_id = $1 and id = $2',
          [orgId, practiceId ?? hubId],
        );
        if (!owner.rows[0]) {
          throw practiceId !== null
            ? invalid('/practiceId', 'is not a practice of this organisation')
            : invalid('/hubId', 'is not a hub of this organisation');
        }
        // The backing user: `.invalid` is a reserved domain, so the address reaches nobody;
        // the hash is no argon2 hash, so no password matches; and it is disabled, so sign-in
        // refuses it before even trying.
        const user = await tx.query<{ id: string }>(
          `insert into app_user (org_id, email, display_name, password_hash, disabled_at)
           values ($1, $2, $3, '!system-client: signs in with client credentials only', now())
           returning id`,
          [orgId, `system-client-${id}@atscale.invalid`, name],
        );
        const userId = user.rows[0]?.id;
        if (!userId) throw new Error('insert into app_user returned no id');
        try {
          await tx.query(
            `insert into system_client
               (id, org_id, name, practice_id, hub_id, scopes, secret_hash, user_id, created_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [id, orgId, name, practiceId, hubId, scopes, secretHash, userId, principal.userId],
          );
        } catch (error) {
          if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
            throw new AtscaleError('conflict', 'The practice or hub changed meanwhile; try again');
          }
          throw error;
        }
        await audit(tx, 'system-client.register', id, `scopes ${scopes.join(' ')}`);
        return find(tx, id);
      });
    },

    /** Revokes a client: its tokens stop working at once and it can get no more. */
    async revoke(clientId: string): Promise<SystemClient> {
      requireManage('revoke system clients');
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ revoked: boolean }>(
          `select revoked_at is not null as revoked from system_client
            where org_id = $1 and id = $2 for update`,
          [orgId, clientId],
        );
        const row = rows[0];
        if (!row) throw notFound('The system client');
        if (row.revoked) throw new AtscaleError('conflict', 'The system client is already revoked');
        await tx.query(
          `update system_client set revoked_at = now(), revoked_by = $3
            where org_id = $1 and id = $2`,
          [orgId, clientId, principal.userId],
        );
        // The token lookup already refuses a revoked client's tokens; removing them as well
        // leaves nothing behind that a later mistake could honour.
        await tx.query('delete from system_client_token where org_id = $1 and client_id = $2', [
          orgId,
          clientId,
        ]);
        await audit(tx, 'system-client.revoke', clientId, 'revoked with its tokens');
        return find(tx, clientId);
      });
    },
  };
}

/**
 * Clients and their tokens for the token endpoint and the bearer-token check: UNSCOPED,
 * because the caller is not known until its credentials or token are. Only the OAuth route
 * and the session plugin may use it.
 */
export function unscopedSystemClientRepository(db: Database) {
  return {
    /** The client with this id, revoked or not; null when there is none. */
    async findForToken(clientId: string): Promise<ClientForToken | null> {
      const { rows } = await db.query<ClientForToken>(
        `select id, org_id as "orgId", user_id as "userId", secret_hash as "secretHash", scopes,
                revoked_at is not null as revoked
           from system_client where id = $1`,
        [clientId],
      );
      return rows[0] ?? null;
    },

    /**
     * Stores a new token's hash for a live client, for `seconds`, and clears its expired
     * ones; returns when it expires, or null when the client was revoked meanwhile.
     */
    async issueToken(token: {
      tokenHash: string;
      clientId: string;
      orgId: string;
      scopes: readonly string[];
      seconds: number;
      requestId: string | null;
    }): Promise<Date | null> {
      return db.transaction(async (tx) => {
        await tx.query(
          'delete from system_client_token where client_id = $1 and expires_at <= now()',
          [token.clientId],
        );
        const { rows } = await tx.query<{ expiresAt: Date; userId: string }>(
          `insert into system_client_token (token_hash, org_id, client_id, scopes, expires_at)
           select $1, c.org_id, c.id, $3, now() + make_interval(secs => $4::int)
             from system_client c
            where c.org_id = $2 and c.id = $5 and c.revoked_at is null
           returning expires_at as "expiresAt",
                     (select user_id from system_client where id = $5) as "userId"`,
          [token.tokenHash, token.orgId, [...token.scopes], token.seconds, token.clientId],
        );
        const row = rows[0];
        if (!row) return null;
        await writeAudit(tx, [
          {
            orgId: token.orgId,
            userId: row.userId,
            role: SYSTEM_CLIENT_AUDIT_ROLE,
            action: 'system-client.token',
            entityType: 'system-client',
            entityId: token.clientId,
            patientId: null,
            reason: `scopes ${token.scopes.join(' ')}; expires in ${token.seconds} s`,
            requestId: token.requestId,
          },
        ]);
        return row.expiresAt;
      });
    },

    /**
     * The backing user of a live token, with the grants its client holds now (the role at its
     * practice, or at each of its hub's practices), the client and the token's scopes; null
     * when the token is unknown, expired, or its client revoked.
     */
    async resumeToken(tokenHash: string): Promise<ClientTokenUser | null> {
      const { rows } = await db.query<ClientTokenUser>(
        `select u.id as "userId", u.org_id as "orgId", u.email, c.name as "displayName",
                c.id as "clientId", t.scopes,
                case when c.practice_id is not null
                     then json_build_array(json_build_object('role', $2::text, 'practiceId', c.practice_id))
                     else coalesce((select json_agg(json_build_object('role', $2::text, 'practiceId', hp.practice_id)
                                                    order by hp.practice_id)
                                      from hub_practice hp
                                     where hp.org_id = c.org_id and hp.hub_id = c.hub_id), '[]'::json)
                end as grants
           from system_client_token t
           join system_client c on c.org_id = t.org_id and c.id = t.client_id
           join app_user u on u.org_id = c.org_id and u.id = c.user_id
          where t.token_hash = $1 and t.expires_at > now() and c.revoked_at is null`,
        [tokenHash, SYSTEM_CLIENT_ROLE],
      );
      return rows[0] ?? null;
    },

    /** Records a refused token request for a known client (wrong secret, revoked, bad scope). */
    async auditRefusal(
      client: ClientForToken,
      reason: string,
      requestId: string | null,
    ): Promise<void> {
      await writeAudit(db, [
        {
          orgId: client.orgId,
          userId: client.userId,
          role: SYSTEM_CLIENT_AUDIT_ROLE,
          action: 'system-client.token-refused',
          entityType: 'system-client',
          entityId: client.id,
          patientId: null,
          reason,
          requestId,
        },
      ]);
    },
  };
}
