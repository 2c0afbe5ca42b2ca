import { randomBytes } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import { REGISTRABLE_SCOPES } from '@atscale/domain';
import type { SystemClient as ClientRecord } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { hashToken, reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';
import { TOKEN_PATH } from '../oauth/token-routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Person = Type.Object({ id: Type.String(), displayName: Type.String() });

/** A system client as the API shows it; its secret never. */
const SystemClient = Type.Object({
  id: Type.String({ description: 'The client id, for POST /oauth/token' }),
  name: Type.String(),
  actsFor: Type.Object({
    kind: Type.Union([Type.Literal('practice'), Type.Literal('hub')]),
    id: Type.String(),
    name: Type.String(),
  }),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Nullable(Person),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedBy: Nullable(Person),
  lastTokenAt: Nullable(Type.String({ format: 'date-time' })),
});

const NewClientBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, description: 'What the system is' }),
    practiceId: Type.Optional(
      Nullable(Type.String({ format: 'uuid', description: 'The practice it acts for' })),
    ),
    hubId: Type.Optional(
      Nullable(
        Type.String({
          format: 'uuid',
          description: 'Or the hub it acts for (and so the hub’s practices)',
        }),
      ),
    ),
    scopes: Type.Array(Type.String({ enum: [...REGISTRABLE_SCOPES] }), {
      minItems: 1,
      maxItems: REGISTRABLE_SCOPES.length,
      uniqueItems: true,
      description: 'SMART system scopes, such as system/Slot.read or system/*.write',
    }),
  },
  { additionalProperties: false },
);

const ClientParams = Type.Object({ clientId: Type.String({ format: 'uuid' }) });

/** Dates as the JSON answer gives them. */
const shown = (client: ClientRecord) => ({
  ...client,
  createdAt: client.createdAt.toISOString(),
  revokedAt: client.revokedAt?.toISOString() ?? null,
  lastTokenAt: client.lastTokenAt?.toISOString() ?? null,
});

/**
 * System clients (issue 7): other systems that book through the FHIR facade with OAuth
 * client-credentials tokens. Organisation administrators (users:manage) list, register and
 * revoke them; the secret is shown once, when registered, and only its hash is kept. Audited.
 */
export const systemClientRoutes: RouteModule = (app, { db, config }) => {
  app.get(
    '/api/system-clients',
    {
      schema: {
        tags: ['organisation'],
        summary: 'The organisation’s system clients, live ones first',
        description: 'Needs users:manage (organisation administrators). Secrets are never shown.',
        response: {
          200: Type.Object({
            clients: Type.Array(SystemClient),
            scopes: Type.Array(Type.String(), { description: 'The scopes a client can be given' }),
            tokenUrl: Type.String({ description: 'Where clients get their tokens' }),
            tokenSeconds: Type.Integer({ description: 'How long a token lasts' }),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => ({
      clients: (await reposFor(request, db).systemClients.list()).map(shown),
      scopes: [...REGISTRABLE_SCOPES],
      // Written as the CapabilityStatement writes it.
      tokenUrl: new URL(TOKEN_PATH, `${request.protocol}://${request.host}`).toString(),
      tokenSeconds: config.fhirTokenSeconds,
    }),
  );

  app.post(
    '/api/system-clients',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Register a system client; answers its secret, once',
        description:
          'Give a name, the practice or the hub it acts for, and its scopes. The answer holds the ' +
          'client id and secret for POST /oauth/token: the secret is not kept (only its hash) ' +
          'and cannot be shown again. Needs users:manage. Audited.',
        body: NewClientBody,
        response: {
          201: Type.Object({
            client: SystemClient,
            clientSecret: Type.String({ description: 'Shown this once only' }),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const secret = randomBytes(32).toString('base64url');
      const client = await inBody(() =>
        reposFor(request, db).systemClients.register(request.body, hashToken(secret)),
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ client: shown(client), clientSecret: secret });
    },
  );

  app.post(
    '/api/system-clients/:clientId/revoke',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Revoke a system client: its tokens stop working at once',
        description:
          'The client is kept, revoked, for the record; it can get no more tokens. A client ' +
          'already revoked is answered 409. Needs users:manage. Audited.',
        params: ClientParams,
        response: { 200: SystemClient, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      shown(await reposFor(request, db).systemClients.revoke(request.params.clientId)),
  );
};
