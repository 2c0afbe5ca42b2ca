import type { FastifyRequest } from 'fastify';
import { AtscaleError, scopesAllow } from '@atscale/domain';

/** What a FHIR interaction does to a resource type, as SMART scopes name it. */
export type FhirAccess = 'read' | 'write';

/**
 * Refuses the call (403 OperationOutcome) unless the caller may `access` resources of `type`.
 * A signed-in person is limited by their roles in the repositories; a system client is limited,
 * in addition, by the SMART scopes of its token (`system/Slot.read`, `system/Appointment.write`,
 * `system/*.read`).
 */
export function requireScope(request: FastifyRequest, type: string, access: FhirAccess): void {
  const client = request.systemClient;
  // People: their roles decide, in the repositories, as in the app.
  if (!client) return;
  if (scopesAllow(client.scopes, type, access)) return;
  throw new AtscaleError(
    'forbidden',
    `This access token does not carry the scope system/${type}.${access} ` +
      `(or system/*.${access}) that ${access === 'read' ? 'reading' : 'changing'} ${type} needs; ` +
      `it carries ${client.scopes.join(' ')}`,
  );
}
