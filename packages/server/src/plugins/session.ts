import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AtscaleError, type Principal } from '@atscale/domain';
import {
  scopedRepositories,
  unscopedAccountRepository,
  type Database,
  type ScopedRepositories,
  type SessionUser,
} from '@atscale/db';
import type { ServerConfig } from '../config.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'atscale_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. Set for every request before its handler runs. */
    sessionUser: SessionUser | null;
  }
  interface FastifyContextConfig {
    /** True for routes anyone may call without signing in. */
    public?: boolean;
    /** True for the files of the built web app. */
    webApp?: boolean;
  }
}

/** A new session token for a cookie, and the hash the database keeps. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/** The hash of a session token, as stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS. */
export function setSessionCookie(reply: FastifyReply, token: string, config: ServerConfig): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies || reply.request.protocol === 'https',
    path: '/',
    maxAge: config.session.absoluteMinutes * 60,
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(reply: FastifyReply, config: ServerConfig): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies || reply.request.protocol === 'https',
    path: '/',
  });
}

/**
 * Resumes the session of every request that carries the cookie, and refuses requests to
 * non-public API routes that have none.
 */
export function registerSessions(app: FastifyInstance, db: Database, config: ServerConfig): void {
  const accounts = unscopedAccountRepository(db);
  app.decorateRequest('sessionUser', null);
  app.addHook('onRequest', async (request) => {
    // Only the API and the FHIR facade need to know who is asking: the web app's files,
    // /healthz and /docs skip the session lookup, which keeps them cheap.
    const url = request.routeOptions.url;
    if (!url?.startsWith('/api/') && !url?.startsWith('/fhir/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.sessionUser = await accounts.resumeSession(hashToken(token), config.session);
    }
    const isPublic = request.routeOptions.config.public === true;
    if (!isPublic && !request.sessionUser) {
      throw new AtscaleError('not-authenticated', 'Sign in first: this needs a signed-in user');
    }
  });
}

/** The principal behind a request; throws 401 when nobody is signed in. */
export function principalOf(request: FastifyRequest): Principal {
  const user = request.sessionUser;
  if (!user)
    throw new AtscaleError('not-authenticated', 'Sign in first: this needs a signed-in user');
  return { userId: user.userId, orgId: user.orgId, grants: user.grants };
}

/** The repositories for a request, already limited to the caller's organisation and practices. */
export function reposFor(request: FastifyRequest, db: Database): ScopedRepositories {
  return scopedRepositories(db, { principal: principalOf(request), requestId: request.id });
}
