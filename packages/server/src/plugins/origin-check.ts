import type { FastifyInstance } from 'fastify';
import { AtscaleError } from '@atscale/domain';
import type { ServerConfig } from '../config.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests sent by a browser from another site (CSRF), on top of the
 * SameSite=Strict cookie. Clients that send no Origin (the CLI, curl) are not browsers and pass.
 */
export function registerOriginCheck(app: FastifyInstance, config: ServerConfig): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method)) {
      done();
      return;
    }
    const origin = request.headers.origin;
    if (origin === undefined) {
      if (request.headers['sec-fetch-site'] === 'cross-site') {
        throw new AtscaleError(
          'origin-refused',
          'This request was sent from another site and is refused',
        );
      }
      return;
    }
    const own = `${request.protocol}://${request.host}`;
    if (origin !== own && !config.allowedOrigins.includes(origin)) {
      done(
        new AtscaleError(
          'origin-refused',
          `Requests from ${origin} are not allowed; only ${[own, ...config.allowedOrigins].join(', ')}`,
        ),
      );
      return;
    }
    done();
  });
}
