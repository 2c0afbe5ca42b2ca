import { Type } from '@sinclair/typebox';
import type { RouteModule } from '../app-types.js';
import { sendProblem } from '../plugins/errors.js';
import { Problem } from '../problem.js';

/** GET /healthz: 200 only when the database answers, for load balancers and start scripts. */
export const healthRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Health: 200 when the server and its database answer',
        response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Problem },
      },
    },
    async (_request, reply) => {
      try {
        await Promise.race([
          db.query('select 1'),
          new Promise((_, reject) =>
            setTimeout(() => {
              reject(new Error('timeout'));
            }, 2000).unref(),
          ),
        ]);
      } catch {
        return sendProblem(reply, 'unavailable', 'The database does not answer');
      }
      return { status: 'ok' as const };
    },
  );
};
