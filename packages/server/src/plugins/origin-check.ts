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
    done(refusal(request.method, request.headers, `${request.protocol}://${request.host}`, config));
  });
}

/** Why a request must be refused as cross-site, or undefined when it may go on. */
function refusal(
  method: string,
  headers: { origin?: string | undefined; 'sec-fetch-site'?: string | string[] | undefined },
  own: string,
  config: ServerConfig,
): AtscaleError | undefined {
  if (SAFE_METHODS.has(method)) return undefined;
  const origin = headers.origin;
  if (origin === undefined) {
    return headers['sec-fetch-site'] === 'cross-site'
      ? new AtscaleError('origin-refused', 'This request was sent from another site and is refused')
      : undefined;
  }
  if (origin === own || config.allowedOrigins.includes(origin)) return undefined;
  return new AtscaleError(
    'origin-refused',
    `Requests from ${origin} are not allowed; only ${[own, ...config.allowedOrigins].join(', ')}`,
  );
}
