import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SYSTEM_CLIENT_AUDIT_ROLE, writeAudit, type Database } from '@atscale/db';

const FHIR_PREFIX = '/fhir/R4/';

/**
 * What a FHIR call did, from its route (never from the query string, which can carry an NHS
 * number): the resource type, the interaction, and the resource id when the path names one.
 */
export function describeFhirCall(request: FastifyRequest): {
  type: string;
  interaction: string;
  id: string | null;
} {
  const route = request.routeOptions.url ?? '';
  const segments = route.startsWith(FHIR_PREFIX) ? route.slice(FHIR_PREFIX.length).split('/') : [];
  const params = (request.params ?? {}) as Record<string, unknown>;
  const named = (segment: string | undefined) => {
    const value = segment?.startsWith(':') ? params[segment.slice(1)] : segment;
    return typeof value === 'string' ? value : '';
  };
  const rawType = named(segments[0]);
  const type = /^[A-Za-z]{1,64}$/.test(rawType) ? rawType : rawType === '' ? 'metadata' : 'unknown';
  const operation = segments.find((s) => s.startsWith('$'));
  const idParam = typeof params.id === 'string' ? params.id : null;
  const method = request.method;
  const interaction = operation
    ? `operation ${operation}`
    : method === 'GET'
      ? idParam !== null
        ? 'read'
        : 'search'
      : method === 'PUT' || method === 'PATCH'
        ? 'update'
        : method === 'POST'
          ? 'create'
          : method.toLowerCase();
  return { type, interaction, id: idParam !== null && idParam.length <= 64 ? idParam : null };
}

/**
 * Audits every FHIR call a system client makes, whatever its outcome: which client, the
 * resource type and interaction, and the HTTP status. Reads of patient data are audited by the
 * repositories as well, with the patient; this row carries no patient identifier. It is
 * written before the answer leaves, so a call is never answered without its audit row.
 */
export function registerSystemClientAudit(app: FastifyInstance, db: Database): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const client = request.systemClient;
    const user = request.sessionUser;
    if (!client || !user) return payload;
    const call = describeFhirCall(request);
    await writeAudit(db, [
      {
        orgId: user.orgId,
        userId: user.userId,
        role: SYSTEM_CLIENT_AUDIT_ROLE,
        action: `fhir.${call.interaction.split(' ')[0] ?? 'call'}`,
        entityType: call.type,
        entityId: call.id,
        patientId: null,
        reason: `system client ${client.clientId}: ${call.interaction}, HTTP ${reply.statusCode}`,
        requestId: request.id,
      },
    ]);
    return payload;
  });
}
