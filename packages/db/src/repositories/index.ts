import type { Database } from '../database.js';
import type { Scope } from '../scope.js';
import { auditTrailRepository } from './audit-trail.js';
import { costCentreRepository } from './cost-centres.js';
import { membershipRepository } from './membership.js';
import { organisationRepository } from './organisation.js';
import { patientRepository } from './patients.js';
import { formChangeRepository } from './form-changes.js';
import { siteRepository } from './sites.js';
import { resilienceRepository } from './resilience.js';
import { crisisRepository } from './crises.js';
import { rotaRepository } from './rota.js';
import { staffRepository } from './staff.js';

/** Every repository, limited to one caller's organisation and practices. */
export function scopedRepositories(db: Database, scope: Scope) {
  return {
    organisation: organisationRepository(db, scope),
    patients: patientRepository(db, scope),
    auditTrail: auditTrailRepository(db, scope),
    costCentres: costCentreRepository(db, scope),
    membership: membershipRepository(db, scope),
    formChanges: formChangeRepository(db, scope),
    sites: siteRepository(db, scope),
    resilience: resilienceRepository(db, scope),
    crises: crisisRepository(db, scope),
    rota: rotaRepository(db, scope),
    staff: staffRepository(db, scope),
  };
}

/** The repositories a request handler is given. */
export type ScopedRepositories = ReturnType<typeof scopedRepositories>;

export * from './audit.js';
export * from './audit-trail.js';
export * from './cost-centres.js';
export * from './membership.js';
export * from './organisation.js';
export * from './patients.js';
export * from './unscoped-accounts.js';
export * from './form-changes.js';
export * from './sites.js';
export * from './resilience.js';
export * from './crises.js';
export * from './rota.js';
export * from './staff.js';
export * from './pools.js';
