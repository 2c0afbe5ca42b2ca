import { Writable } from 'node:stream';
import { createTestDatabase, runTemplate, type TestDatabase } from '@atscale/db/testing';
import {
  DEMO_SIGN_IN,
  seedDemoOrganisation,
  unscopedAccountRepository,
  type DemoOrganisation,
} from '@atscale/db';
import type { RoleGrant } from '@atscale/domain';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import type { App } from '../app-types.js';
import type { ServerConfig } from '../config.js';
import { hashPassword } from '../auth/passwords.js';
import { loggerOptions } from '../logging.js';

/** The password of every test user. */
export const TEST_PASSWORD = DEMO_SIGN_IN.password;

/** A second organisation, to prove nobody reaches across organisations. */
export interface OtherOrganisation {
  readonly orgId: string;
  readonly practiceId: string;
  readonly adminEmail: string;
  readonly clinicianEmail: string;
}

/** An app on a fresh database with the demo organisation and one other organisation. */
export interface TestApp {
  readonly app: App;
  readonly db: TestDatabase['db'];
  readonly demo: DemoOrganisation;
  readonly other: OtherOrganisation;
  /** Everything the app logged, one JSON line each. */
  readonly logs: string[];
  /** Signs in and returns the Cookie header value for later requests. */
  signIn(email: string, password?: string): Promise<string>;
  /** Adds a user of the demo organisation with these grants, signed in: their cookie and id. */
  signInAs(email: string, grants: readonly RoleGrant[]): Promise<{ cookie: string; id: string }>;
  close(): Promise<void>;
}

/** Builds a test app: real database (PGlite, or the server in DATABASE_URL), real HTTP stack. */
export async function createTestApp(config: Partial<ServerConfig> = {}): Promise<TestApp> {
  const { database, demo, other } = await seededDatabase();
  const { db } = database;
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApp({
    db,
    // Tests sign in often; the rate limit has its own test with its own setting.
    config: { signIn: { maxFailures: 5, lockMinutes: 15, attemptsPerMinute: 10_000 }, ...config },
    logger: { ...loggerOptions('info'), stream },
  });
  await app.ready();
  const signIn = async (email: string, password = TEST_PASSWORD): Promise<string> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
    });
    if (response.statusCode !== 200) {
      throw new Error(`sign-in as ${email} failed: ${response.statusCode} ${response.body}`);
    }
    return sessionCookie(response);
  };
  return {
    app,
    db,
    demo,
    other,
    logs,
    signIn,
    async signInAs(email, grants) {
      const id = await unscopedAccountRepository(db).createUser({
        orgId: demo.orgId,
        email,
        displayName: email,
        passwordHash: await hashPassword(TEST_PASSWORD),
        grants,
      });
      return { cookie: await signIn(email), id };
    },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

/** The demo and the other organisation, seeded on a fresh database. */
async function seed(db: TestDatabase['db']) {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const demo = await seedDemoOrganisation(db, { passwordHash });
  const other = await seedOtherOrganisation(db, passwordHash);
  return { demo, other };
}

/**
 * A database seeded with the demo and the other organisation: a copy of the one the test run
 * seeded once (seeding takes seconds, copying well under one), or seeded here outside a run.
 */
async function seededDatabase() {
  const shared = await runTemplate('seeded-app', seed);
  if (shared) {
    return { database: await createTestDatabase({ template: shared.ref }), ...shared.value };
  }
  const database = await createTestDatabase();
  return { database, ...(await seed(database.db)) };
}

/** The `name=value` of the session cookie a response set. */
export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'atscale_session');
  if (!cookie) throw new Error('no session cookie was set');
  return `${cookie.name}=${cookie.value}`;
}

async function seedOtherOrganisation(
  db: TestDatabase['db'],
  passwordHash: string,
): Promise<OtherOrganisation> {
  const org = await db.query<{ id: string }>(
    `insert into organisation (name, form) values ('Other Health Group', 'federation') returning id`,
  );
  const orgId = org.rows[0]?.id ?? '';
  const practice = await db.query<{ id: string }>(
    `insert into practice (org_id, ods_code, name) values ($1, 'Y99001', 'Far Away Surgery') returning id`,
    [orgId],
  );
  const practiceId = practice.rows[0]?.id ?? '';
  await db.query(
    `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
     values ($1, $2, '9990999996', 'Other', 'Patient', '1970-01-01')`,
    [orgId, practiceId],
  );
  const accounts = unscopedAccountRepository(db);
  const adminEmail = 'admin@other.test';
  const clinicianEmail = 'clinician@other.test';
  await accounts.createUser({
    orgId,
    email: adminEmail,
    displayName: 'Other Admin',
    passwordHash,
    grants: [
      { role: 'org-admin', practiceId: null },
      { role: 'central-operations', practiceId: null },
      { role: 'governance', practiceId: null },
    ],
  });
  await accounts.createUser({
    orgId,
    email: clinicianEmail,
    displayName: 'Other Clinician',
    passwordHash,
    grants: [{ role: 'clinician', practiceId }],
  });
  return { orgId, practiceId, adminEmail, clinicianEmail };
}
