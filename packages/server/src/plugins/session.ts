import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AtscaleError, type Principal } from '@atscale/domain';
import {
  scopedRepositories,
  unscopedAccountRepository,
  unscopedSystemClientRepository,
  type Database,
  type ScopedRepositories,
  type SessionUser,
} from '@atscale/db';
import type { ServerConfig } from '../config.js';
import { SessionCache } from './session-cache.js';
import { registerSystemClientAudit } from './system-client-audit.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'atscale_session';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sessions resumed in the last few seconds (see SessionCache); sign-out forgets one. */
    sessionCache: SessionCache;
  }
  interface FastifyRequest {
    /** The signed-in user, or null. Set for every request before its handler runs. */
    sessionUser: SessionUser | null;
    /**
     * The system client behind a FHIR call made with a bearer token, and the SMART scopes of
     * that token; null for a person (or nobody). `sessionUser` is then the client's backing
     * user, with the client's grants.
     */
    systemClient: { readonly clientId: string; readonly scopes: readonly string[] } | null;
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

/** The token of an `Authorization: Bearer <token>` header; undefined without one. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i.exec(header ?? '');
  if (match) return match[1];
  // A Bearer header that is not a token at all is a bad token, not an absent one.
  return /^Bearer\b/i.test(header ?? '') ? '' : undefined;
}

/**
 * Resumes the session of every request that carries the cookie, and refuses requests to
 * non-public API routes that have none. Under the FHIR base a system client may instead send
 * `Authorization: Bearer` with a token from POST /oauth/token; the app's own API stays
 * cookie-only, so a client's token opens nothing there.
 */
export function registerSessions(app: FastifyInstance, db: Database, config: ServerConfig): void {
  const accounts = unscopedAccountRepository(db);
  const clients = unscopedSystemClientRepository(db);
  const cache = new SessionCache(config.sessionCacheSeconds * 1000);
  app.decorate('sessionCache', cache);
  app.decorateRequest('sessionUser', null);
  app.decorateRequest('systemClient', null);
  app.addHook('onRequest', async (request, reply) => {
    // Only the API and the FHIR facade need to know who is asking: the web app's files,
    // /healthz and /docs skip the session lookup, which keeps them cheap.
    const url = request.routeOptions.url;
    const isFhir = url?.startsWith('/fhir/') === true;
    if (!url?.startsWith('/api/') && !isFhir) return;
    const isPublic = request.routeOptions.config.public === true;
    const bearer = isFhir ? bearerToken(request.headers.authorization) : undefined;
    if (bearer !== undefined) {
      // Looked up on every call (by its hash), so expiry and revocation count at once.
      const found = bearer === '' ? null : await clients.resumeToken(hashToken(bearer));
      if (found) {
        const { clientId, scopes, ...user } = found;
        request.sessionUser = user;
        request.systemClient = { clientId, scopes };
        return;
      }
      if (isPublic) return;
      reply.header(
        'www-authenticate',
        'Bearer realm="atscale", error="invalid_token", ' +
          'error_description="The access token is unknown, expired or revoked"',
      );
      throw new AtscaleError(
        'not-authenticated',
        'The access token is unknown, expired or revoked: get a new one from POST /oauth/token',
      );
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const tokenHash = hashToken(token);
      const cached = cache.get(tokenHash);
      if (cached) {
        request.sessionUser = cached;
      } else {
        request.sessionUser = await accounts.resumeSession(tokenHash, config.session);
        if (request.sessionUser) cache.set(tokenHash, request.sessionUser);
      }
    }
    if (!isPublic && !request.sessionUser) {
      // RFC 6750: a protected resource names the scheme it wants.
      if (isFhir) reply.header('www-authenticate', 'Bearer realm="atscale"');
      throw new AtscaleError('not-authenticated', 'Sign in first: this needs a signed-in user');
    }
  });
  registerSystemClientAudit(app, db);
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
