import {
  BILLING_FREQUENCIES,
  LEVY_BASES,
  STANDARD_VAT_BASIS_POINTS,
  VAT_TREATMENTS,
  policyFor,
  type BillingFrequency,
  type LevyBasis,
  type LevySettings,
  type VatTreatment,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import { loadOrganisationFormHistory, organisationFormOn } from '../form-changes.js';
import { todayInEngland } from '../organisation-today.js';
import { financeAccess, invalid, isoTime, type FinanceCostCentre } from './finance-access.js';

/** An organisation's finance settings (FIN-2), saved or the defaults of its form. */
export interface FinanceSettings extends LevySettings {
  readonly standardVatBasisPoints: number;
  readonly invoicePrefix: string;
  /** The cost centre of the central team: the levy is its income. Null until chosen. */
  readonly centralCostCentre: FinanceCostCentre | null;
  /** False while these are the form's defaults and nobody has saved settings. */
  readonly saved: boolean;
  /** Where the default levy rate comes from (the form policy's reason). */
  readonly defaultLevyWhy: string;
  readonly updatedAt: string | null;
}

/** Settings to save: every field, as the settings screen sends them. */
export interface FinanceSettingsInput {
  readonly pencePerPatientPerYear: number;
  readonly basis: string;
  readonly frequency: string;
  readonly vatTreatment: string;
  readonly paymentTermsDays: number;
  readonly standardVatBasisPoints: number;
  readonly invoicePrefix: string;
  readonly centralCostCentreId: string | null;
}

const MAX_RATE_PENCE = 100_000;

interface SettingsRow {
  pencePerPatientPerYear: number;
  basis: LevyBasis;
  frequency: BillingFrequency;
  vatTreatment: VatTreatment;
  paymentTermsDays: number;
  standardVatBasisPoints: number;
  invoicePrefix: string;
  centralId: string | null;
  centralCode: string | null;
  centralName: string | null;
  updatedAt: string;
}

/** The settings in force for an organisation: saved, or its form's defaults. */
export async function loadFinanceSettings(q: Queryable, orgId: string): Promise<FinanceSettings> {
  const { form } = organisationFormOn(
    await loadOrganisationFormHistory(q, orgId),
    todayInEngland(),
  );
  const policy = policyFor(form);
  const { rows } = await q.query<SettingsRow>(
    `select s.levy_pence_per_patient_per_year as "pencePerPatientPerYear", s.levy_basis as basis,
            s.levy_frequency as frequency, s.levy_vat_treatment as "vatTreatment",
            s.payment_terms_days as "paymentTermsDays",
            s.standard_vat_basis_points as "standardVatBasisPoints",
            s.invoice_prefix as "invoicePrefix", c.id as "centralId", c.code as "centralCode",
            c.name as "centralName", ${isoTime('s.updated_at')} as "updatedAt"
       from finance_settings s
       left join cost_centre c on c.org_id = s.org_id and c.id = s.central_cost_centre_id
      where s.org_id = $1`,
    [orgId],
  );
  const row = rows[0];
  if (!row) {
    return {
      pencePerPatientPerYear: policy.defaultLevy.pencePerPatientPerYear,
      basis: 'registered-list',
      frequency: 'quarterly',
      // Within one partnership the levy moves money inside one business; between separate
      // businesses (a federation) it is a taxable supply.
      vatTreatment: policy.vatOnServicesBetweenMembers ? 'standard' : 'outside-scope',
      paymentTermsDays: 30,
      standardVatBasisPoints: STANDARD_VAT_BASIS_POINTS,
      invoicePrefix: 'LEVY',
      centralCostCentre: null,
      saved: false,
      defaultLevyWhy: policy.defaultLevy.why,
      updatedAt: null,
    };
  }
  const { centralId, centralCode, centralName, ...rest } = row;
  return {
    ...rest,
    centralCostCentre:
      centralId === null
        ? null
        : { id: centralId, code: centralCode ?? '', name: centralName ?? '' },
    saved: true,
    defaultLevyWhy: policy.defaultLevy.why,
  };
}

const oneOf = <T extends string>(
  values: readonly T[],
  value: string,
  field: string,
): value is T => {
  if ((values as readonly string[]).includes(value)) return true;
  throw invalid(field, `Must be one of ${values.join(', ')}`);
};

const wholeBetween = (value: number, min: number, max: number, field: string) => {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `Must be a whole number from ${String(min)} to ${String(max)}`);
  }
};

/** The organisation's finance settings: anyone who sees finances reads them, central finance saves. */
export function financeSettingsRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  const { orgId, principal } = access;
  return {
    async get(): Promise<FinanceSettings> {
      access.reach('finance:read', 'see the finance settings');
      return loadFinanceSettings(db, orgId);
    },

    /** Saves every setting at once (audited); the rate is whole pence per patient per year. */
    async save(input: FinanceSettingsInput): Promise<FinanceSettings> {
      access.requireOrganisation('finance:manage', 'change the finance settings');
      wholeBetween(input.pencePerPatientPerYear, 0, MAX_RATE_PENCE, '/pencePerPatientPerYear');
      oneOf(LEVY_BASES, input.basis, '/basis');
      oneOf(BILLING_FREQUENCIES, input.frequency, '/frequency');
      oneOf(VAT_TREATMENTS, input.vatTreatment, '/vatTreatment');
      wholeBetween(input.paymentTermsDays, 0, 365, '/paymentTermsDays');
      wholeBetween(input.standardVatBasisPoints, 0, 10_000, '/standardVatBasisPoints');
      const prefix = input.invoicePrefix.trim().toUpperCase();
      if (!/^[A-Z][A-Z0-9]{0,9}$/.test(prefix)) {
        throw invalid('/invoicePrefix', 'A letter then up to 9 letters or digits, e.g. LEVY');
      }
      return db.transaction(async (tx) => {
        if (input.centralCostCentreId !== null) {
          const { rows } = await tx.query(
            'select 1 from cost_centre where org_id = $1 and id = $2',
            [orgId, input.centralCostCentreId],
          );
          if (rows.length === 0) {
            throw invalid('/centralCostCentreId', 'is not a cost centre of this organisation');
          }
        }
        await tx.query(
          `insert into finance_settings
             (org_id, levy_pence_per_patient_per_year, levy_basis, levy_frequency,
              levy_vat_treatment, payment_terms_days, standard_vat_basis_points, invoice_prefix,
              central_cost_centre_id, updated_by, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
           on conflict (org_id) do update set
             levy_pence_per_patient_per_year = excluded.levy_pence_per_patient_per_year,
             levy_basis = excluded.levy_basis, levy_frequency = excluded.levy_frequency,
             levy_vat_treatment = excluded.levy_vat_treatment,
             payment_terms_days = excluded.payment_terms_days,
             standard_vat_basis_points = excluded.standard_vat_basis_points,
             invoice_prefix = excluded.invoice_prefix,
             central_cost_centre_id = excluded.central_cost_centre_id,
             updated_by = excluded.updated_by, updated_at = now()`,
          [
            orgId,
            input.pencePerPatientPerYear,
            input.basis,
            input.frequency,
            input.vatTreatment,
            input.paymentTermsDays,
            input.standardVatBasisPoints,
            prefix,
            input.centralCostCentreId,
            principal.userId,
          ],
        );
        await writeAudit(tx, [
          access.audit('finance:manage', 'finance-settings.update', 'finance-settings', orgId, {
            reason: `levy ${String(input.pencePerPatientPerYear)}p per patient per year, ${input.frequency}`,
          }),
        ]);
        return loadFinanceSettings(tx, orgId);
      });
    },
  };
}

/** The finance settings repository a request handler is given. */
export type FinanceSettingsRepository = ReturnType<typeof financeSettingsRepository>;
