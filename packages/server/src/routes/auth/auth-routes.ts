import { Type } from '@sinclair/typebox';
import { AtscaleError } from '@atscale/domain';
import { unscopedAccountRepository, writeAudit } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { verifyAgainstNothing, verifyPassword } from '../../auth/passwords.js';
import { Problem } from '../../problem.js';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  hashToken,
  newSessionToken,
  setSessionCookie,
} from '../../plugins/session.js';
import { Me, meFor } from './me-body.js';

const SignIn = Type.Object(
  {
    email: Type.String({
      minLength: 3,
      maxLength: 320,
      description: 'The account’s email address',
    }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

function lockedMessage(until: Date): string {
  const time = until.toISOString().slice(11, 16);
  return `This account is locked after too many failed sign-ins. Try again after ${time} UTC, or ask your organisation administrator.`;
}

/** Sign-in, sign-out and the signed-in user. */
export const authRoutes: RouteModule = (app, { db, config }) => {
  const accounts = unscopedAccountRepository(db);

  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        rateLimit: { max: config.signIn.attemptsPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: SignIn,
        response: { 200: Me, 401: Problem, 423: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const account = await accounts.findForSignIn(email);
      const audit = (orgId: string, userId: string, action: string) =>
        writeAudit(db, [
          {
            orgId,
            userId,
            role: null,
            action,
            entityType: 'user',
            entityId: userId,
            patientId: null,
            reason: null,
            requestId: request.id,
          },
        ]);
      if (!account || account.disabled) {
        await verifyAgainstNothing(password);
        throw new AtscaleError('sign-in-failed', 'The email address or password is wrong');
      }
      if (account.lockedUntil) {
        await audit(account.orgId, account.id, 'auth.sign-in-locked');
        throw new AtscaleError('account-locked', lockedMessage(account.lockedUntil));
      }
      if (!(await verifyPassword(account.passwordHash, password))) {
        const lockedUntil = await accounts.recordFailedSignIn(account.id, config.signIn);
        await audit(account.orgId, account.id, 'auth.sign-in-failed');
        if (lockedUntil) throw new AtscaleError('account-locked', lockedMessage(lockedUntil));
        throw new AtscaleError('sign-in-failed', 'The email address or password is wrong');
      }
      await accounts.recordGoodSignIn(account.id);
      const { token, tokenHash } = newSessionToken();
      await accounts.startSession(
        { tokenHash, userId: account.id, orgId: account.orgId },
        config.session,
      );
      await audit(account.orgId, account.id, 'auth.sign-in');
      const user = await accounts.resumeSession(tokenHash, config.session);
      if (!user) throw new Error('a session just started could not be resumed');
      setSessionCookie(reply, token, config);
      return meFor(db, user);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session and clears its cookie',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        app.sessionCache.forget(hashToken(token));
        await accounts.endSession(hashToken(token));
      }
      const user = request.sessionUser;
      if (user) {
        await writeAudit(db, [
          {
            orgId: user.orgId,
            userId: user.userId,
            role: null,
            action: 'auth.sign-out',
            entityType: 'user',
            entityId: user.userId,
            patientId: null,
            reason: null,
            requestId: request.id,
          },
        ]);
      }
      clearSessionCookie(reply, config);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, their organisation, roles and practices',
        response: { 200: Me, 401: Problem },
      },
    },
    async (request) => {
      const user = request.sessionUser;
      if (!user) throw new AtscaleError('not-authenticated', 'Sign in first');
      return meFor(db, user);
    },
  );
};
