import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AtscaleError, ERROR_CODES, parseScope, scopesWithin, splitScopes } from '@atscale/domain';
import { unscopedSystemClientRepository, type ClientForToken } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { hashToken } from '../../plugins/session.js';

/** The token endpoint's path. */
export const TOKEN_PATH = '/oauth/token';

const FORM = 'application/x-www-form-urlencoded';

/** RFC 6749 §5.2 error codes this endpoint gives. */
type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Compared against when the client is unknown, so the answer takes as long as for a known one.
const NO_SECRET_HASH = hashToken(randomBytes(32).toString('base64url'));

const TokenAnswer = Type.Object({
  access_token: Type.String({ description: 'The bearer token for the FHIR facade' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires' }),
  scope: Type.String({ description: 'The scopes granted, space-separated' }),
});

const OAuthProblem = Type.Object({
  error: Type.String({
    description:
      'invalid_request, invalid_client, unsupported_grant_type or invalid_scope (RFC 6749 §5.2)',
  }),
  error_description: Type.String(),
});

/** Sends an RFC 6749 §5.2 error answer. */
function refuse(reply: FastifyReply, status: number, error: OAuthError, description: string) {
  if (error === 'invalid_client') reply.header('www-authenticate', 'Basic realm="atscale"');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error, error_description: description });
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthError,
    readonly description: string,
  ) {
    super(description);
  }
}

/** The form's fields, each given at most once (RFC 6749 §3.2). */
function formFields(request: FastifyRequest): Record<string, string> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== FORM) {
    throw new Refusal(400, 'invalid_request', `The request body must be ${FORM}`);
  }
  const body = request.body as Record<string, string | string[]> | undefined;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body ?? {})) {
    if (Array.isArray(value)) {
      throw new Refusal(400, 'invalid_request', `${name} is given more than once`);
    }
    fields[name] = value;
  }
  return fields;
}

/** The client's id and secret, from the HTTP Basic header or the form, never both. */
function credentials(request: FastifyRequest, fields: Record<string, string>) {
  const header = request.headers.authorization;
  const inForm = fields.client_secret !== undefined;
  if (header !== undefined) {
    const match = /^Basic[ ]+([A-Za-z0-9+/]+=*)[ ]*$/i.exec(header);
    if (!match?.[1]) {
      throw new Refusal(401, 'invalid_client', 'The Authorization header is not HTTP Basic');
    }
    if (inForm) {
      throw new Refusal(
        400,
        'invalid_request',
        'Give the client credentials once: in the Authorization header or in the form, not both',
      );
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new Refusal(401, 'invalid_client', 'The Basic credentials have no secret');
    // RFC 6749 §2.3.1: each part is form-encoded before it is joined.
    const part = (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
      } catch {
        throw new Refusal(401, 'invalid_client', 'The Basic credentials are not well encoded');
      }
    };
    const id = part(decoded.slice(0, colon));
    if (fields.client_id !== undefined && fields.client_id !== id) {
      throw new Refusal(400, 'invalid_request', 'client_id differs from the Basic credentials');
    }
    return { id, secret: part(decoded.slice(colon + 1)) };
  }
  if (fields.client_id === undefined || fields.client_secret === undefined) {
    throw new Refusal(
      401,
      'invalid_client',
      'Authenticate the client: client_id and client_secret in the form, or HTTP Basic',
    );
  }
  return { id: fields.client_id, secret: fields.client_secret };
}

/** Whether the secret's hash is the stored one, in time that does not depend on where they differ. */
function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashToken(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * The OAuth 2.0 token endpoint for system clients: the client-credentials grant (RFC 6749
 * §4.4) as SMART Backend Services use it, with a client secret. Bodies are form-encoded, as
 * the RFC requires, so this route has a parser of its own; errors are RFC 6749 §5.2 JSON,
 * never problem+json. Neither the secret nor the token is logged (the logger never logs
 * bodies or headers); only their hashes are kept.
 */
export const oauthRoutes: RouteModule = (app, { db, config }) => {
  const clients = unscopedSystemClientRepository(db);

  void app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      FORM,
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, parsed) => {
        const fields: Record<string, string | string[]> = {};
        for (const [name, value] of new URLSearchParams(String(body))) {
          const seen = fields[name];
          fields[name] = seen === undefined ? value : [seen].flat().concat(value);
        }
        parsed(null, fields);
      },
    );
    // Whatever goes wrong before the handler (a body too large, another media type, too many
    // requests) is still answered the OAuth way.
    scope.setErrorHandler((error: unknown, request, reply) => {
      if (error instanceof AtscaleError) {
        const status = ERROR_CODES[error.code].status;
        return refuse(reply, status >= 500 ? 400 : status, 'invalid_request', error.detail);
      }
      const status =
        typeof error === 'object' && error !== null && 'statusCode' in error
          ? Number(error.statusCode)
          : 500;
      if (status >= 400 && status < 500) {
        return refuse(
          reply,
          status === 429 ? 429 : 400,
          'invalid_request',
          status === 429
            ? 'Too many token requests: wait a minute and try again'
            : `The request cannot be read: ${error instanceof Error ? error.message : 'bad body'}`,
        );
      }
      request.log.error({ err: error }, 'unhandled error in the token endpoint');
      return reply.code(500).send({
        error: 'server_error',
        error_description: 'Something went wrong on our side; it has been logged',
      });
    });

    scope.post(
      TOKEN_PATH,
      {
        config: {
          public: true,
          rateLimit: { max: config.signIn.attemptsPerMinute * 6, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['oauth'],
          summary: 'Get an access token for the FHIR facade (OAuth 2.0 client credentials)',
          description:
            `A system client registered by an organisation administrator sends a ${FORM} body ` +
            'with grant_type=client_credentials and, optionally, scope (space-separated SMART ' +
            'system scopes such as system/Slot.read system/Appointment.write, no wider than the ' +
            'client’s own; all of them when left out). It authenticates with HTTP Basic ' +
            '(client id and secret) or with client_id and client_secret in the body. The token ' +
            'goes in `Authorization: Bearer` on calls to /fhir/R4 only. Errors follow RFC 6749 ' +
            '§5.2: 400 invalid_request, unsupported_grant_type or invalid_scope, 401 invalid_client.',
          consumes: [FORM],
          response: { 200: TokenAnswer, 400: OAuthProblem, 401: OAuthProblem, 429: OAuthProblem },
        },
      },
      async (request, reply) => {
        let client: ClientForToken | null = null;
        let answer: {
          access_token: string;
          token_type: 'Bearer';
          expires_in: number;
          scope: string;
        };
        try {
          const fields = formFields(request);
          const grant = fields.grant_type;
          if (grant === undefined)
            throw new Refusal(400, 'invalid_request', 'grant_type is required');
          if (grant !== 'client_credentials') {
            throw new Refusal(
              400,
              'unsupported_grant_type',
              `grant_type ${grant.slice(0, 40)} is not supported; use client_credentials`,
            );
          }
          const given = credentials(request, fields);
          client = UUID.test(given.id) ? await clients.findForToken(given.id.toLowerCase()) : null;
          const matches = secretMatches(given.secret, client?.secretHash ?? NO_SECRET_HASH);
          if (!client || !matches || client.revoked) {
            if (client) {
              await clients.auditRefusal(
                client,
                client.revoked ? 'revoked client' : 'wrong secret',
                request.id,
              );
            }
            throw new Refusal(
              401,
              'invalid_client',
              'The client id or secret is wrong, or the client is revoked',
            );
          }
          let scopes = client.scopes;
          if (fields.scope !== undefined && fields.scope.trim() !== '') {
            const wanted = splitScopes(fields.scope);
            const unknown = wanted.find((s) => parseScope(s) === null);
            if (unknown !== undefined) {
              throw new Refusal(
                400,
                'invalid_scope',
                `${unknown.slice(0, 80)} is not a SMART system scope such as system/Slot.read`,
              );
            }
            if (!scopesWithin(wanted, client.scopes)) {
              await clients.auditRefusal(client, 'scope wider than the client’s', request.id);
              throw new Refusal(
                400,
                'invalid_scope',
                `The scope asked for is wider than the client’s own: ${client.scopes.join(' ')}`,
              );
            }
            scopes = wanted;
          }
          const token = randomBytes(32).toString('base64url');
          const expires = await clients.issueToken({
            tokenHash: hashToken(token),
            clientId: client.id,
            orgId: client.orgId,
            scopes,
            seconds: config.fhirTokenSeconds,
            requestId: request.id,
          });
          if (!expires) throw new Refusal(401, 'invalid_client', 'The client is revoked');
          answer = {
            access_token: token,
            token_type: 'Bearer' as const,
            expires_in: config.fhirTokenSeconds,
            scope: scopes.join(' '),
          };
        } catch (error) {
          if (error instanceof Refusal)
            return refuse(reply, error.status, error.error, error.description);
          throw error;
        }
        return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(answer);
      },
    );
    done();
  });
};
