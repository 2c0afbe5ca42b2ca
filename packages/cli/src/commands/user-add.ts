import { userInfo } from 'node:os';
import { AtscaleError, type RoleGrant } from '@atscale/domain';
import { createUserAudited, locationFromEnv, type Database, type Queryable } from '@atscale/db';
import { hashPassword, passwordProblem } from '@atscale/server';
import { requireIdleDatabaseFolder } from '../backup/data-folder.js';
import { openMigrated, type DatabaseFlags } from '../context.js';
import { readNewPassword } from '../terminal/read-password.js';
import { processTerminal, type Terminal } from '../terminal/terminal.js';
import { parseRoleRequests, type RoleRequest } from '../users/role-requests.js';
import { chooseOrganisation } from '../organisations/choose-organisation.js';

/** Flags of `atscale user add`. */
export interface UserAddFlags extends DatabaseFlags {
  readonly email: string;
  /** `role` or `role:ODS`, repeatable. */
  readonly role?: readonly string[] | undefined;
  /** ODS codes for the practice roles given without one, repeatable. */
  readonly practice?: readonly string[] | undefined;
  readonly name?: string | undefined;
  /** The organisation's exact name or id; needed when the database has more than one. */
  readonly org?: string | undefined;
}

/** A user to add, as asked for. */
export interface UserRequest {
  readonly email: string;
  readonly roles: readonly string[];
  readonly practices: readonly string[];
  readonly displayName?: string | undefined;
  readonly org?: string | undefined;
}

/** The user that was added. */
export interface AddedUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly organisation: { readonly id: string; readonly name: string };
  /** Each role with the practice it is held at (null: the whole organisation). */
  readonly roles: readonly { readonly role: string; readonly practice: Practice | null }[];
}

interface Practice {
  readonly id: string;
  readonly odsCode: string;
  readonly name: string;
}

/** `atscale user add`: checks everything, asks for the password, adds the user, says so. */
export async function userAddCommand(
  flags: UserAddFlags,
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = processTerminal(),
): Promise<AddedUser> {
  const request: UserRequest = {
    email: flags.email,
    roles: flags.role ?? [],
    practices: flags.practice ?? [],
    displayName: flags.name,
    org: flags.org,
  };
  // Bad flags fail before the database is opened or a password is asked for.
  parseRoleRequests(request.roles, request.practices);
  const location = locationFromEnv(env, flags.data);
  if (!location.databaseUrl) {
    await requireIdleDatabaseFolder(location.dataDir, (line) => terminal.stderr.write(`${line}\n`));
  }
  const { db } = await openMigrated(flags, env);
  try {
    const added = await addUser(db, request, {
      password: () => readNewPassword(terminal),
      reason: `atscale user add, run by OS user ${osUser()}`,
    });
    terminal.stdout.write(describeAdded(added));
    return added;
  } finally {
    await db.close();
  }
}

/**
 * Adds a user to an open database: checks the roles, organisation, practices and email
 * first, then asks for the password (so nobody types one for a request that will fail), then
 * creates the user, their grants and a `user.create` audit row in one transaction.
 */
export async function addUser(
  db: Database,
  request: UserRequest,
  options: { password: () => Promise<string>; reason: string },
): Promise<AddedUser> {
  const email = request.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new AtscaleError('validation-failed', `${request.email} is not an email address`);
  }
  const displayName = request.displayName?.trim() || email.split('@')[0] || email;
  const wanted = parseRoleRequests(request.roles, request.practices);
  const organisation = await chooseOrganisation(db, request.org);
  const practices = await findPractices(db, organisation, wanted);
  const taken = await db.query('select 1 from app_user where email = $1', [email]);
  if (taken.rows.length > 0) {
    throw new AtscaleError('conflict', `A user with the email ${email} already exists`);
  }
  const password = await options.password();
  const problem = passwordProblem(password);
  if (problem) throw new AtscaleError('validation-failed', problem);
  const roles = wanted.map((r) => ({
    role: r.role,
    practice: r.odsCode === null ? null : (practices.get(r.odsCode) ?? null),
  }));
  const grants: RoleGrant[] = roles.map((r) => ({
    role: r.role,
    practiceId: r.practice?.id ?? null,
  }));
  const id = await createUserAudited(
    db,
    {
      orgId: organisation.id,
      email,
      displayName,
      passwordHash: await hashPassword(password),
      grants,
    },
    { byUserId: null, byRole: null, reason: options.reason },
  );
  return { id, email, displayName, organisation, roles };
}

async function findPractices(
  db: Queryable,
  organisation: { id: string; name: string },
  wanted: readonly RoleRequest[],
): Promise<Map<string, Practice>> {
  const odsCodes = [...new Set(wanted.flatMap((r) => (r.odsCode === null ? [] : [r.odsCode])))];
  if (odsCodes.length === 0) return new Map();
  const { rows } = await db.query<Practice>(
    `select id, ods_code as "odsCode", name from practice where org_id = $1 order by ods_code`,
    [organisation.id],
  );
  const byCode = new Map(rows.map((p) => [p.odsCode, p]));
  const unknown = odsCodes.filter((code) => !byCode.has(code));
  if (unknown.length > 0) {
    const known = rows.map((p) => `${p.odsCode} ${p.name}`).join(', ') || 'none';
    throw new AtscaleError(
      'not-found',
      `${organisation.name} has no practice with the ODS code ${unknown.join(', ')}. Its practices are: ${known}`,
    );
  }
  return byCode;
}

function describeAdded(user: AddedUser): string {
  const roles = user.roles.map((r) =>
    r.practice
      ? `  ${r.role} at ${r.practice.odsCode} ${r.practice.name}`
      : `  ${r.role} for the whole organisation`,
  );
  return `Added user ${user.id}: ${user.displayName} <${user.email}> in ${user.organisation.name}\nRoles:\n${roles.join('\n')}\n`;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // Containers can run as a uid with no name.
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}
