import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifySchema, type FastifyServerOptions, type RouteOptions } from 'fastify';
import type { Database } from '@atscale/db';
import type { App, RouteModule } from './app-types.js';
import { DEFAULT_CONFIG, type ServerConfig } from './config.js';
import { loggerOptions } from './logging.js';
import { registerErrorHandling, sendProblem } from './plugins/errors.js';
import { registerOriginCheck } from './plugins/origin-check.js';
import { registerSessions } from './plugins/session.js';
import { Problem } from './problem.js';
import { auditRoutes } from './routes/audit/audit-routes.js';
import { authRoutes } from './routes/auth/auth-routes.js';
import { safetyCaseRoutes } from './routes/governance/safety-case-routes.js';
import { electionRoutes } from './routes/governance/election-routes.js';
import { policyRoutes } from './routes/governance/policy-routes.js';
import { significantEventRoutes } from './routes/governance/significant-event-routes.js';
import { cqcRoutes } from './routes/governance/cqc-routes.js';
import { standardsRoutes } from './routes/governance/standards-routes.js';
import { peerReviewRoutes } from './routes/governance/peer-review-routes.js';
import { healthRoutes } from './routes/health.js';
import { costCentreRoutes } from './routes/org/cost-centre-routes.js';
import { membershipRoutes } from './routes/org/membership-routes.js';
import { organisationRoutes } from './routes/org/organisation-routes.js';
import { patientRoutes } from './routes/org/patient-routes.js';
import { siteRoutes } from './routes/org/site-routes.js';
import { resilienceRoutes } from './routes/workforce/resilience-routes.js';
import { staffRoutes } from './routes/workforce/staff-routes.js';
import { rotaRoutes } from './routes/workforce/rota-routes.js';
import { poolRoutes } from './routes/workforce/pool-routes.js';
import { publicRequestRoutes } from './routes/access/public-request-routes.js';
import { requestRoutes } from './routes/access/request-routes.js';
import { triageRoutes } from './routes/access/triage-routes.js';
import { hubRoutes } from './routes/access/hub-routes.js';
import { accessReportRoutes } from './routes/access/access-report-routes.js';
import { walkInRoutes } from './routes/access/walk-in-routes.js';
import { roomRoutes } from './routes/access/room-routes.js';
import { patternRoutes } from './routes/access/pattern-routes.js';
import { slotRoutes } from './routes/access/slot-routes.js';
import { appointmentRoutes } from './routes/access/appointment-routes.js';
import { ledgerRoutes } from './routes/finance/ledger-routes.js';
import { levyRoutes } from './routes/finance/levy-routes.js';
import { savingsRoutes } from './routes/finance/savings-routes.js';
import { budgetRoutes } from './routes/finance/budget-routes.js';
import { rechargeRoutes } from './routes/finance/recharge-routes.js';
import { parityRoutes } from './routes/finance/parity-routes.js';
import { paymentsRoutes } from './routes/finance/payments-routes.js';
import { accessSummaryRoutes } from './routes/access/access-summary-routes.js';
import { fhirRoutes } from './routes/fhir/fhir-routes.js';
import { populationRoutes } from './routes/population/population-routes.js';
import { mcpBudgetRoutes } from './routes/population/mcp-budget-routes.js';
import { schedulingRoutes } from './routes/fhir/scheduling-routes.js';
import { oauthRoutes } from './routes/oauth/token-routes.js';
import { systemClientRoutes } from './routes/org/system-client-routes.js';
import { planningRoutes } from './routes/planning/planning-routes.js';
import { validatorCompiler } from './validation.js';
import { registerWebApp } from './web-app.js';

/** Every route module, one per capability. A new capability adds its module here. */
export const ROUTE_MODULES: readonly RouteModule[] = [
  healthRoutes,
  authRoutes,
  organisationRoutes,
  patientRoutes,
  auditRoutes,
  safetyCaseRoutes,
  electionRoutes,
  policyRoutes,
  significantEventRoutes,
  cqcRoutes,
  standardsRoutes,
  peerReviewRoutes,
  costCentreRoutes,
  membershipRoutes,
  siteRoutes,
  resilienceRoutes,
  staffRoutes,
  rotaRoutes,
  poolRoutes,
  requestRoutes,
  triageRoutes,
  publicRequestRoutes,
  hubRoutes,
  accessReportRoutes,
  walkInRoutes,
  roomRoutes,
  patternRoutes,
  slotRoutes,
  appointmentRoutes,
  ledgerRoutes,
  levyRoutes,
  savingsRoutes,
  budgetRoutes,
  rechargeRoutes,
  parityRoutes,
  paymentsRoutes,
  accessSummaryRoutes,
  fhirRoutes,
  populationRoutes,
  mcpBudgetRoutes,
  schedulingRoutes,
  oauthRoutes,
  systemClientRoutes,
  planningRoutes,
];

/** A route as registered, for the route registry test and tooling. */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly schema: FastifySchema | undefined;
  readonly public: boolean;
  /** A file of the built web app: public, and holds no data. */
  readonly webApp: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the app, in order. */
    readonly registeredRoutes: readonly RegisteredRoute[];
  }
}

/** What building the app needs. */
export interface BuildOptions {
  readonly db: Database;
  readonly config?: Partial<ServerConfig>;
  /** A pino logger option; defaults to the redacting logger at the configured level. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app; defaults to packages/web/dist. */
  readonly webRoot?: string;
}

/** Builds the HTTP app (not yet listening): API, OpenAPI docs at /docs, and the web app. */
export async function buildApp(options: BuildOptions): Promise<App> {
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...options.config };
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel, config.logFormat),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Route options are kept as given and read when asked for, since plugins may still mark
  // a route (the web app's static files) after this hook has seen it.
  const seen: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    seen.push(route);
  });
  app.decorate('registeredRoutes', {
    getter: () =>
      seen.flatMap((route) =>
        [route.method].flat().map((method) => ({
          method,
          url: route.url,
          schema: route.schema,
          public: route.config?.public === true,
          webApp: route.config?.webApp === true,
        })),
      ),
  });
  app.addSchema(Problem);
  // While closing, answers in flight ask the client to drop the connection: a kept-alive one
  // would otherwise hold the server open until its keep-alive timeout.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', async (request, reply) => {
    if (closing) reply.header('connection', 'close');
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  registerErrorHandling(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'atscale API',
        version: '0.1.0',
        description:
          'The API of atscale. Errors are application/problem+json with a stable `code`. ' +
          'Sign in with POST /api/auth/login; the session cookie authenticates the rest.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'atscale_session' } },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list' },
  });

  registerOriginCheck(app, config);
  registerSessions(app, options.db, config);
  for (const routes of ROUTE_MODULES) routes(app, { db: options.db, config });

  const sendPage = await registerWebApp(app, options.webRoot);
  app.setNotFoundHandler(async (request, reply) => {
    if (sendPage(request, reply)) return reply;
    return sendProblem(
      reply,
      'not-found',
      `There is no ${request.method} ${request.url.split('?')[0]}`,
    );
  });
  return app;
}
