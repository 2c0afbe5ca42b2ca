import {
  byResidualRisk,
  can,
  forbidden,
  notFound,
  riskRating,
  type RiskAssessment,
} from '@atscale/domain';
import { Type } from '@sinclair/typebox';
import type { RouteModule } from '../../app-types.js';
import { principalOf } from '../../plugins/session.js';
import { Problem } from '../../problem.js';
import { loadSafetyCase, repositoryRoot } from '../../safety/safety-files.js';

const Risk = Type.Object({
  severity: Type.String(),
  likelihood: Type.String(),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
});

const SafetyCase = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  version: Type.String(),
  testRunAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  hazards: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      causes: Type.Array(Type.String()),
      effect: Type.String(),
      harm: Type.String(),
      initial: Risk,
      residual: Risk,
      status: Type.String(),
      owner: Type.String(),
      controls: Type.Array(
        Type.Object({
          description: Type.String(),
          kind: Type.String(),
          tests: Type.Array(
            Type.Object({ file: Type.String(), test: Type.String(), status: Type.String() }),
          ),
        }),
      ),
    }),
  ),
});

const rated = (risk: RiskAssessment) => ({ ...risk, rating: riskRating(risk) });

/**
 * The clinical safety case (DCB0129) for governance: the hazard log shipped with this version of
 * atscale, hazards by residual risk, with the result of each control's tests in the last run.
 * It is the product's, not an organisation's, so every organisation sees the same.
 */
export const safetyCaseRoutes: RouteModule = (app) => {
  app.get(
    '/api/safety-case',
    {
      schema: {
        tags: ['governance'],
        summary: 'The clinical safety case: hazards by residual risk, controls and their tests',
        response: { 200: SafetyCase, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      if (!can(principalOf(request), 'safety-case:read')) throw forbidden('read the safety case');
      const root = repositoryRoot();
      if (!root) throw notFound('The hazard log (safety/hazards.yaml) of this installation');
      const loaded = await loadSafetyCase(root);
      return {
        generatedAt: new Date().toISOString(),
        version: loaded.version,
        testRunAt: loaded.runAt?.toISOString() ?? null,
        hazards: byResidualRisk(loaded.log.hazards).map((h) => ({
          ...h,
          causes: [...h.causes],
          initial: rated(h.initial),
          residual: rated(h.residual),
          controls: h.controls.map((c) => ({
            description: c.description,
            kind: c.kind,
            tests: (c.tests ?? []).map((t) => ({ ...t, status: loaded.statusOf(t) })),
          })),
        })),
      };
    },
  );
};
