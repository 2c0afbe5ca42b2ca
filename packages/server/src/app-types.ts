import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Database } from '@atscale/db';
import type { ServerConfig } from './config.js';

/** The Fastify instance with TypeBox types on every route. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What route modules are given. */
export interface AppDeps {
  readonly db: Database;
  readonly config: ServerConfig;
}

/** A module of routes for one capability. */
export type RouteModule = (app: App, deps: AppDeps) => void;
