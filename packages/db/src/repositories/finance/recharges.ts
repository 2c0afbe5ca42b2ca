import { randomUUID } from 'node:crypto';
import {
  AtscaleError,
  MAX_AMOUNT_PENCE,
  RECHARGE_INVOICE_PREFIX,
  RECHARGE_SERVICE_VAT_TREATMENTS,
  dueDate,
  invoiceChargeLines,
  invoiceNumber,
  invoicePaymentLines,
  isPence,
  isRechargeUnit,
  notFound,
  policyFor,
  rechargeInvoiceDrafts,
  rechargeMonth,
  rechargeVatTreatment,
  type IsoDate,
  type Pence,
  type RechargeAgreementTerms,
  type RechargeServiceVatTreatment,
  type VatTreatment,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import { loadOrganisationFormHistory, organisationFormOn } from '../form-changes.js';
import { todayInEngland } from '../organisation-today.js';
import {
  checkedDate,
  costCentreOfPracticesOn,
  financeAccess,
  invalid,
  isoTime,
  type FinancePractice,
} from './finance-access.js';
import { loadFinanceSettings } from './finance-settings.js';
import { insertJournalEntries } from './ledger.js';

/** A service one member practice provides to another at a price per unit (FIN-5). */
export interface RechargeAgreement {
  readonly id: string;
  readonly provider: FinancePractice;
  readonly recipient: FinancePractice;
  readonly serviceName: string;
  readonly unit: string;
  readonly unitPricePence: Pence;
  /** The service's own treatment; whether VAT applies at all depends on the form too. */
  readonly vatTreatment: RechargeServiceVatTreatment;
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate | null;
  readonly createdAt: string;
}

/** An agreement to make. */
export interface RechargeAgreementInput {
  readonly providerPracticeId: string;
  readonly recipientPracticeId: string;
  readonly serviceName: string;
  readonly unit: string;
  readonly unitPricePence: number;
  readonly vatTreatment: string;
  readonly startsOn: string;
  readonly endsOn?: string | null | undefined;
}

/** Units of a service used on a day, and the invoice that charged them, once invoiced. */
export interface RechargeUsage {
  readonly id: string;
  readonly agreementId: string;
  readonly usedOn: IsoDate;
  readonly quantity: number;
  readonly note: string | null;
  readonly recordedAt: string;
  readonly invoiceId: string | null;
  readonly invoiceNumber: string | null;
}

/** A recharge invoice as lists show it: one month, one provider to one recipient. */
export interface RechargeInvoice {
  readonly id: string;
  readonly invoiceNumber: string;
  readonly provider: FinancePractice;
  readonly recipient: FinancePractice;
  readonly financialYear: number;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly periodLabel: string;
  readonly issuedOn: IsoDate;
  readonly dueOn: IsoDate;
  readonly netPence: Pence;
  readonly vatPence: Pence;
  readonly grossPence: Pence;
  readonly status: 'unpaid' | 'paid';
  readonly paidOn: IsoDate | null;
  readonly journalEntryId: string;
  readonly paymentEntryId: string | null;
}

/** A recharge invoice with its lines, for printing. */
export interface RechargeInvoiceDetail extends RechargeInvoice {
  readonly organisationName: string;
  readonly standardVatBasisPoints: number;
  readonly lines: {
    readonly lineNumber: number;
    readonly agreementId: string;
    readonly description: string;
    readonly unit: string;
    readonly quantity: number;
    readonly unitPricePence: Pence;
    readonly netPence: Pence;
    readonly vatTreatment: VatTreatment;
    readonly vatPence: Pence;
  }[];
}

/** What a month's recharge run did: every invoice of the month, and how many it made now. */
export interface RechargeRunResult {
  readonly month: {
    readonly month: string;
    readonly from: IsoDate;
    readonly to: IsoDate;
    readonly label: string;
  };
  /** Invoices made by this run: 0 when every usage of the month was already invoiced. */
  readonly created: number;
  readonly invoices: RechargeInvoice[];
  readonly totals: {
    readonly netPence: Pence;
    readonly vatPence: Pence;
    readonly grossPence: Pence;
  };
}

const NAME_MAX = 200;
const NOTE_MAX = 500;
const QUANTITY_MAX = 1_000_000;

const AGREEMENT_COLUMNS = `
  a.id, a.service_name as "serviceName", a.unit, a.unit_price_pence as "unitPricePence",
  a.vat_treatment as "vatTreatment", a.starts_on as "startsOn", a.ends_on as "endsOn",
  ${isoTime('a.created_at')} as "createdAt",
  json_build_object('id', p.id, 'odsCode', p.ods_code, 'name', p.name) as provider,
  json_build_object('id', r.id, 'odsCode', r.ods_code, 'name', r.name) as recipient`;

const INVOICE_COLUMNS = `
  i.id, i.invoice_number as "invoiceNumber", i.financial_year as "financialYear",
  i.period_from as "periodFrom", i.period_to as "periodTo", i.period_label as "periodLabel",
  i.issued_on as "issuedOn", i.due_on as "dueOn", i.net_pence as "netPence",
  i.vat_pence as "vatPence", i.gross_pence as "grossPence", i.status, i.paid_on as "paidOn",
  i.journal_entry_id as "journalEntryId", i.payment_entry_id as "paymentEntryId",
  json_build_object('id', p.id, 'odsCode', p.ods_code, 'name', p.name) as provider,
  json_build_object('id', r.id, 'odsCode', r.ods_code, 'name', r.name) as recipient`;

async function loadAgreements(
  q: Queryable,
  orgId: string,
  filter: { ids?: readonly string[]; practiceIds?: readonly string[] | null; on?: IsoDate | null },
): Promise<RechargeAgreement[]> {
  const { rows } = await q.query<RechargeAgreement>(
    `select ${AGREEMENT_COLUMNS}
       from recharge_agreement a
       join practice p on p.org_id = a.org_id and p.id = a.provider_practice_id
       join practice r on r.org_id = a.org_id and r.id = a.recipient_practice_id
      where a.org_id = $1
        and ($2::uuid[] is null or a.id = any($2::uuid[]))
        and ($3::uuid[] is null or a.provider_practice_id = any($3::uuid[])
                                or a.recipient_practice_id = any($3::uuid[]))
        and ($4::date is null or (a.starts_on <= $4 and (a.ends_on is null or a.ends_on >= $4)))
      order by p.name, r.name, a.service_name, a.starts_on, a.id`,
    [orgId, filter.ids ?? null, filter.practiceIds ?? null, filter.on ?? null],
  );
  return rows;
}

async function loadInvoices(
  q: Queryable,
  orgId: string,
  filter: {
    ids?: readonly string[];
    practiceIds?: readonly string[] | null;
    financialYear?: number | undefined;
    status?: string | undefined;
    period?: { from: IsoDate; to: IsoDate } | undefined;
  },
): Promise<RechargeInvoice[]> {
  const { rows } = await q.query<RechargeInvoice>(
    `select ${INVOICE_COLUMNS}
       from recharge_invoice i
       join practice p on p.org_id = i.org_id and p.id = i.provider_practice_id
       join practice r on r.org_id = i.org_id and r.id = i.recipient_practice_id
      where i.org_id = $1
        and ($2::uuid[] is null or i.id = any($2::uuid[]))
        and ($3::uuid[] is null or i.provider_practice_id = any($3::uuid[])
                                or i.recipient_practice_id = any($3::uuid[]))
        and ($4::int is null or i.financial_year = $4)
        and ($5::text is null or i.status = $5)
        and ($6::date is null or (i.period_from = $6 and i.period_to = $7))
      order by i.financial_year, i.sequence`,
    [
      orgId,
      filter.ids ?? null,
      filter.practiceIds ?? null,
      filter.financialYear ?? null,
      filter.status ?? null,
      filter.period?.from ?? null,
      filter.period?.to ?? null,
    ],
  );
  return rows;
}

const totalsOf = (invoices: readonly RechargeInvoice[]) => ({
  netPence: invoices.reduce((s, i) => s + i.netPence, 0),
  vatPence: invoices.reduce((s, i) => s + i.vatPence, 0),
  grossPence: invoices.reduce((s, i) => s + i.grossPence, 0),
});

/**
 * Recharges between member practices (FIN-5) for one caller: agreements, the usage recorded
 * against them, the monthly invoice run and payment are central finance's; a practice's people
 * read the agreements, usage and invoices their practice is party to, as provider or recipient.
 */
export function rechargeRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  const { orgId, principal } = access;
  const lock = (tx: Queryable) =>
    tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `finance-recharge:${orgId}`,
    ]);

  /** The practices whose recharges the caller may read, or null for all. */
  const readable = (what: string): readonly string[] | null => {
    const reach = access.reach('finance:read', what);
    return reach.kind === 'practices' ? reach.practiceIds : null;
  };

  /** An agreement the caller may read; another's (or another practice's) is not found. */
  const agreementFor = async (
    q: Queryable,
    agreementId: string,
    practiceIds: readonly string[] | null,
  ): Promise<RechargeAgreement> => {
    const [found] = await loadAgreements(q, orgId, { ids: [agreementId], practiceIds });
    if (!found) throw notFound('The recharge agreement');
    return found;
  };

  /** Usage rows of an agreement with the invoice that charged each. */
  const usageOf = async (
    q: Queryable,
    agreementId: string,
    filter: { id?: string; from?: IsoDate | null; to?: IsoDate | null },
  ): Promise<RechargeUsage[]> => {
    const { rows } = await q.query<RechargeUsage>(
      `select u.id, u.agreement_id as "agreementId", u.used_on as "usedOn", u.quantity, u.note,
                ${isoTime('u.created_at')} as "recordedAt", i.id as "invoiceId",
                i.invoice_number as "invoiceNumber"
           from recharge_usage u
           left join recharge_invoice_usage x on x.org_id = u.org_id and x.usage_id = u.id
           left join recharge_invoice i on i.org_id = x.org_id and i.id = x.invoice_id
          where u.org_id = $1 and u.agreement_id = $2
            and ($3::uuid is null or u.id = $3)
            and ($4::date is null or u.used_on >= $4)
            and ($5::date is null or u.used_on <= $5)
          order by u.used_on, u.created_at, u.id`,
      [orgId, agreementId, filter.id ?? null, filter.from ?? null, filter.to ?? null],
    );
    return rows;
  };

  return {
    /** Agreements the caller may see; `on` keeps those in force that day. */
    async agreements(
      filter: { practiceId?: string | undefined; on?: string | undefined } = {},
    ): Promise<RechargeAgreement[]> {
      const allowed = readable('see recharges');
      const on = filter.on === undefined ? null : checkedDate(filter.on, '/on');
      const practiceIds =
        filter.practiceId === undefined
          ? allowed
          : allowed === null || allowed.includes(filter.practiceId)
            ? [filter.practiceId]
            : [];
      return loadAgreements(db, orgId, { practiceIds, on });
    },

    /** Makes an agreement between two member practices of the organisation (audited). */
    async createAgreement(input: RechargeAgreementInput): Promise<RechargeAgreement> {
      access.requireOrganisation('finance:manage', 'make recharge agreements');
      const serviceName = input.serviceName.trim();
      if (serviceName === '' || serviceName.length > NAME_MAX) {
        throw invalid(
          '/serviceName',
          serviceName === '' ? 'Name the service' : `At most ${String(NAME_MAX)} characters`,
        );
      }
      const unit = input.unit.trim().toLowerCase();
      if (!isRechargeUnit(unit)) {
        throw invalid('/unit', 'A unit in words, such as appointment, session or hour');
      }
      if (!isPence(input.unitPricePence) || input.unitPricePence < 1) {
        throw invalid('/unitPricePence', 'Whole pence, at least 1: 2500 is £25.00');
      }
      if (input.unitPricePence > MAX_AMOUNT_PENCE) {
        throw invalid('/unitPricePence', 'Must be at most £1,000,000,000.00');
      }
      if (!(RECHARGE_SERVICE_VAT_TREATMENTS as readonly string[]).includes(input.vatTreatment)) {
        throw invalid(
          '/vatTreatment',
          `Must be one of ${RECHARGE_SERVICE_VAT_TREATMENTS.join(', ')}`,
        );
      }
      const startsOn = checkedDate(input.startsOn, '/startsOn');
      const endsOn =
        input.endsOn === undefined || input.endsOn === null
          ? null
          : checkedDate(input.endsOn, '/endsOn');
      if (endsOn !== null && endsOn < startsOn) {
        throw invalid('/endsOn', 'The agreement cannot end before it starts');
      }
      if (input.providerPracticeId === input.recipientPracticeId) {
        throw invalid('/recipientPracticeId', 'A practice does not recharge itself');
      }
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          'select id from practice where org_id = $1 and id = any($2::uuid[])',
          [orgId, [input.providerPracticeId, input.recipientPracticeId]],
        );
        const known = new Set(rows.map((r) => r.id));
        for (const field of ['providerPracticeId', 'recipientPracticeId'] as const) {
          if (!known.has(input[field])) {
            throw invalid(`/${field}`, 'is not a practice of this organisation');
          }
        }
        const id = randomUUID();
        await tx.query(
          `insert into recharge_agreement
             (id, org_id, provider_practice_id, recipient_practice_id, service_name, unit,
              unit_price_pence, vat_treatment, starts_on, ends_on, created_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            id,
            orgId,
            input.providerPracticeId,
            input.recipientPracticeId,
            serviceName,
            unit,
            input.unitPricePence,
            input.vatTreatment,
            startsOn,
            endsOn,
            principal.userId,
          ],
        );
        await writeAudit(tx, [
          access.audit('finance:manage', 'recharge-agreement.create', 'recharge-agreement', id, {
            reason: `${serviceName} at ${String(input.unitPricePence)}p per ${unit}`,
          }),
        ]);
        return agreementFor(tx, id, null);
      });
    },

    /**
     * Ends an agreement on a day: usage after it is refused from then on. It cannot end before
     * usage already recorded, and an ended agreement is not ended again (conflict).
     */
    async endAgreement(agreementId: string, input: { endsOn: string }): Promise<RechargeAgreement> {
      access.requireOrganisation('finance:manage', 'end recharge agreements');
      const endsOn = checkedDate(input.endsOn, '/endsOn');
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{
          startsOn: IsoDate;
          endsOn: IsoDate | null;
          lastUsedOn: IsoDate | null;
        }>(
          `select a.starts_on as "startsOn", a.ends_on as "endsOn",
                  (select max(u.used_on) from recharge_usage u
                    where u.org_id = a.org_id and u.agreement_id = a.id) as "lastUsedOn"
             from recharge_agreement a where a.org_id = $1 and a.id = $2 for update`,
          [orgId, agreementId],
        );
        const found = rows[0];
        if (!found) throw notFound('The recharge agreement');
        if (found.endsOn !== null) {
          throw new AtscaleError('conflict', `This agreement already ends on ${found.endsOn}`);
        }
        if (endsOn < found.startsOn) {
          throw invalid('/endsOn', `Cannot be before the agreement starts, ${found.startsOn}`);
        }
        if (found.lastUsedOn !== null && endsOn < found.lastUsedOn) {
          throw invalid('/endsOn', `Usage is recorded up to ${found.lastUsedOn}`);
        }
        await tx.query('update recharge_agreement set ends_on = $3 where org_id = $1 and id = $2', [
          orgId,
          agreementId,
          endsOn,
        ]);
        await writeAudit(tx, [
          access.audit(
            'finance:manage',
            'recharge-agreement.end',
            'recharge-agreement',
            agreementId,
            {
              reason: `ends ${endsOn}`,
            },
          ),
        ]);
        return agreementFor(tx, agreementId, null);
      });
    },

    /** Records units of an agreement's service used on a day within the agreement (audited). */
    async recordUsage(
      agreementId: string,
      input: { usedOn: string; quantity: number; note?: string | null | undefined },
    ): Promise<RechargeUsage> {
      access.requireOrganisation('finance:manage', 'record recharge usage');
      const usedOn = checkedDate(input.usedOn, '/usedOn');
      if (
        !Number.isSafeInteger(input.quantity) ||
        input.quantity < 1 ||
        input.quantity > QUANTITY_MAX
      ) {
        throw invalid('/quantity', `A whole number from 1 to ${String(QUANTITY_MAX)}`);
      }
      const note = input.note?.trim() ?? '';
      if (note.length > NOTE_MAX) throw invalid('/note', `At most ${String(NOTE_MAX)} characters`);
      return db.transaction(async (tx) => {
        const agreement = await agreementFor(tx, agreementId, null);
        if (
          usedOn < agreement.startsOn ||
          (agreement.endsOn !== null && usedOn > agreement.endsOn)
        ) {
          throw invalid(
            '/usedOn',
            `Must be within the agreement, ${agreement.startsOn} to ${agreement.endsOn ?? 'open-ended'}`,
          );
        }
        const id = randomUUID();
        await tx.query(
          `insert into recharge_usage (id, org_id, agreement_id, used_on, quantity, note, recorded_by)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            id,
            orgId,
            agreementId,
            usedOn,
            input.quantity,
            note === '' ? null : note,
            principal.userId,
          ],
        );
        await writeAudit(tx, [
          access.audit(
            'finance:manage',
            'recharge-usage.record',
            'recharge-agreement',
            agreementId,
            {
              reason: `${String(input.quantity)} ${agreement.unit} on ${usedOn}`,
            },
          ),
        ]);
        const [usage] = await usageOf(tx, agreementId, { id });
        if (!usage) throw new Error('recorded usage not found');
        return usage;
      });
    },

    /**
     * Removes a usage recorded by mistake, while no invoice rests on it (audited); invoiced
     * usage is a conflict: the invoice stands, and a correction is a matter for the next month.
     */
    async removeUsage(agreementId: string, usageId: string): Promise<void> {
      access.requireOrganisation('finance:manage', 'remove recharge usage');
      await db.transaction(async (tx) => {
        const [usage] = await usageOf(tx, agreementId, { id: usageId });
        if (!usage) throw notFound('The usage');
        if (usage.invoiceNumber !== null) {
          throw new AtscaleError(
            'conflict',
            `This usage is charged on invoice ${usage.invoiceNumber} and cannot be removed`,
          );
        }
        await tx.query('delete from recharge_usage where org_id = $1 and id = $2', [
          orgId,
          usageId,
        ]);
        await writeAudit(tx, [
          access.audit(
            'finance:manage',
            'recharge-usage.remove',
            'recharge-agreement',
            agreementId,
            {
              reason: `${String(usage.quantity)} on ${usage.usedOn} removed`,
            },
          ),
        ]);
      });
    },

    /** An agreement's usage, oldest first, for those who may read the agreement. */
    async usage(
      agreementId: string,
      filter: { from?: string | undefined; to?: string | undefined } = {},
    ): Promise<RechargeUsage[]> {
      const allowed = readable('see recharges');
      const from = filter.from === undefined ? null : checkedDate(filter.from, '/from');
      const to = filter.to === undefined ? null : checkedDate(filter.to, '/to');
      if (from !== null && to !== null && to < from) {
        throw invalid('/to', 'The end of the period is before its start');
      }
      await agreementFor(db, agreementId, allowed);
      return usageOf(db, agreementId, { from, to });
    },

    /**
     * Invoices a month's recharges in one transaction: every usage of the month not yet
     * invoiced, one invoice per provider and recipient with a line per agreement (the domain's
     * arithmetic; VAT by the organisation's form on the month's last day and each service's
     * treatment, at the settings' standard rate), numbered RCH-YEAR-NNNNN on from the year's last
     * without gaps, each posted in both practices' cost centres: income for the provider,
     * expenditure for the recipient. Running a month again invoices only usage recorded since,
     * so the same usage is never charged twice; the answer lists every invoice of the month.
     */
    async run(input: { month: string; issuedOn?: string | undefined }): Promise<RechargeRunResult> {
      access.requireOrganisation('finance:manage', 'run recharge invoices');
      const month = rechargeMonth(input.month, '/month');
      const issuedOn =
        input.issuedOn === undefined ? todayInEngland() : checkedDate(input.issuedOn, '/issuedOn');
      if (issuedOn < month.from) {
        throw invalid('/issuedOn', `Cannot be before the month it charges for, ${month.from}`);
      }
      const period = { from: month.from, to: month.to };
      return db.transaction(async (tx) => {
        await lock(tx);
        const { rows: usage } = await tx.query<{
          id: string;
          agreementId: string;
          quantity: number;
        }>(
          `select u.id, u.agreement_id as "agreementId", u.quantity
             from recharge_usage u
            where u.org_id = $1 and u.used_on between $2 and $3
              and not exists (select 1 from recharge_invoice_usage x where x.usage_id = u.id)
            order by u.used_on, u.created_at, u.id`,
          [orgId, month.from, month.to],
        );
        const agreements = await loadAgreements(tx, orgId, {
          ids: [...new Set(usage.map((u) => u.agreementId))],
        });
        const settings = await loadFinanceSettings(tx, orgId);
        const { form } = organisationFormOn(await loadOrganisationFormHistory(tx, orgId), month.to);
        const separate = policyFor(form).vatOnServicesBetweenMembers;
        const terms: RechargeAgreementTerms[] = agreements.map((a) => ({
          id: a.id,
          providerPracticeId: a.provider.id,
          recipientPracticeId: a.recipient.id,
          serviceName: a.serviceName,
          unit: a.unit,
          unitPricePence: a.unitPricePence,
          vatTreatment: a.vatTreatment,
        }));
        const drafts = rechargeInvoiceDrafts(
          terms,
          usage,
          (a) => rechargeVatTreatment(separate, a.vatTreatment),
          settings.standardVatBasisPoints,
        );
        if (drafts.length > 0) {
          const centres = await costCentreOfPracticesOn(tx, orgId, month.from);
          const practices = new Map(
            agreements.flatMap((a) => [
              [a.provider.id, a.provider],
              [a.recipient.id, a.recipient],
            ]),
          );
          const missing = [...practices.values()].filter((p) => !centres.has(p.id));
          if (missing.length > 0) {
            throw new AtscaleError(
              'conflict',
              `Every practice recharged needs a cost centre on ${month.from}: ${missing.map((p) => p.name).join(', ')}`,
            );
          }
          const { rows: last } = await tx.query<{ n: number }>(
            'select coalesce(max(sequence), 0)::int as n from recharge_invoice where org_id = $1 and financial_year = $2',
            [orgId, month.financialYear],
          );
          let sequence = last[0]?.n ?? 0;
          const invoices = drafts.map((draft) => {
            sequence += 1;
            const provider = practices.get(draft.providerPracticeId);
            const recipient = practices.get(draft.recipientPracticeId);
            return {
              ...draft,
              id: randomUUID(),
              sequence,
              number: invoiceNumber(RECHARGE_INVOICE_PREFIX, month.financialYear, sequence),
              providerName: provider?.name ?? '',
              recipientName: recipient?.name ?? '',
              providerCentre: centres.get(draft.providerPracticeId) ?? '',
              recipientCentre: centres.get(draft.recipientPracticeId) ?? '',
            };
          });
          const entryIds = await insertJournalEntries(
            tx,
            orgId,
            principal.userId,
            invoices.map((inv) => ({
              entryDate: issuedOn,
              description: `Recharge ${month.label}: invoice ${inv.number}, ${inv.providerName} to ${inv.recipientName}`,
              source: 'recharge',
              reversesEntryId: null,
              lines: invoiceChargeLines(
                {
                  payer: { costCentreId: inv.recipientCentre, expenditureAccount: '6050' },
                  payee: { costCentreId: inv.providerCentre, incomeAccount: '4070' },
                },
                inv,
              ),
            })),
          );
          await tx.query(
            `insert into recharge_invoice
               (id, org_id, provider_practice_id, recipient_practice_id, provider_cost_centre_id,
                recipient_cost_centre_id, financial_year, sequence, invoice_number, period_from,
                period_to, period_label, issued_on, due_on, standard_vat_basis_points, net_pence,
                vat_pence, gross_pence, journal_entry_id, issued_by)
             select i.id, $1, i.provider, i.recipient, i.provider_centre, i.recipient_centre, $2,
                    i.sequence, i.number, $3, $4, $5, $6, $7, $8, i.net, i.vat, i.gross, i.entry_id, $9
               from unnest($10::uuid[], $11::uuid[], $12::uuid[], $13::uuid[], $14::uuid[],
                           $15::int[], $16::text[], $17::bigint[], $18::bigint[], $19::bigint[],
                           $20::uuid[])
                      as i(id, provider, recipient, provider_centre, recipient_centre, sequence,
                           number, net, vat, gross, entry_id)`,
            [
              orgId,
              month.financialYear,
              month.from,
              month.to,
              month.label,
              issuedOn,
              dueDate(issuedOn, settings.paymentTermsDays),
              settings.standardVatBasisPoints,
              principal.userId,
              invoices.map((i) => i.id),
              invoices.map((i) => i.providerPracticeId),
              invoices.map((i) => i.recipientPracticeId),
              invoices.map((i) => i.providerCentre),
              invoices.map((i) => i.recipientCentre),
              invoices.map((i) => i.sequence),
              invoices.map((i) => i.number),
              invoices.map((i) => i.netPence),
              invoices.map((i) => i.vatPence),
              invoices.map((i) => i.grossPence),
              entryIds,
            ],
          );
          const lines = invoices.flatMap((inv) => inv.lines.map((line) => ({ inv, line })));
          await tx.query(
            `insert into recharge_invoice_line
               (org_id, invoice_id, line_number, agreement_id, description, unit, quantity,
                unit_price_pence, net_pence, vat_treatment, vat_pence)
             select $1, l.invoice_id, l.line_number, l.agreement_id, l.description, l.unit,
                    l.quantity, l.price, l.net, l.treatment, l.vat
               from unnest($2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::int[],
                           $8::bigint[], $9::bigint[], $10::text[], $11::bigint[])
                      as l(invoice_id, line_number, agreement_id, description, unit, quantity,
                           price, net, treatment, vat)`,
            [
              orgId,
              lines.map((l) => l.inv.id),
              lines.map((l) => l.line.lineNumber),
              lines.map((l) => l.line.agreementId),
              lines.map((l) => `${l.line.description}, ${month.label}`),
              lines.map((l) => l.line.unit),
              lines.map((l) => l.line.quantity),
              lines.map((l) => l.line.unitPricePence),
              lines.map((l) => l.line.netPence),
              lines.map((l) => l.line.vatTreatment),
              lines.map((l) => l.line.vatPence),
            ],
          );
          const links = lines.flatMap((l) =>
            l.line.usageIds.map((usageId) => ({ usageId, inv: l.inv, line: l.line })),
          );
          await tx.query(
            `insert into recharge_invoice_usage (usage_id, org_id, invoice_id, line_number)
             select x.usage_id, $1, x.invoice_id, x.line_number
               from unnest($2::uuid[], $3::uuid[], $4::int[]) as x(usage_id, invoice_id, line_number)`,
            [
              orgId,
              links.map((x) => x.usageId),
              links.map((x) => x.inv.id),
              links.map((x) => x.line.lineNumber),
            ],
          );
          await writeAudit(
            tx,
            invoices.map((inv) =>
              access.audit('finance:manage', 'recharge-invoice.issue', 'recharge-invoice', inv.id, {
                practiceId: inv.recipientPracticeId,
                reason: `${inv.number}, ${month.label}`,
              }),
            ),
          );
        }
        const invoices = await loadInvoices(tx, orgId, { period });
        return {
          month: { month: month.month, from: month.from, to: month.to, label: month.label },
          created: drafts.length,
          invoices,
          totals: totalsOf(invoices),
        };
      });
    },

    /** Recharge invoices the caller may see (as provider or recipient), by year and number. */
    async invoices(
      filter: {
        financialYear?: number | undefined;
        practiceId?: string | undefined;
        status?: 'unpaid' | 'paid' | undefined;
        month?: string | undefined;
      } = {},
    ): Promise<RechargeInvoice[]> {
      const allowed = readable('see recharge invoices');
      const month = filter.month === undefined ? undefined : rechargeMonth(filter.month, '/month');
      const practiceIds =
        filter.practiceId === undefined
          ? allowed
          : allowed === null || allowed.includes(filter.practiceId)
            ? [filter.practiceId]
            : [];
      return loadInvoices(db, orgId, {
        practiceIds,
        financialYear: filter.financialYear,
        status: filter.status,
        period: month,
      });
    },

    /** One invoice with its lines; one the caller's practice is not party to is not found. */
    async invoice(invoiceId: string): Promise<RechargeInvoiceDetail> {
      const allowed = readable('see recharge invoices');
      const [found] = await loadInvoices(db, orgId, { ids: [invoiceId], practiceIds: allowed });
      if (!found) throw notFound('The invoice');
      const { rows: lines } = await db.query<RechargeInvoiceDetail['lines'][number]>(
        `select line_number as "lineNumber", agreement_id as "agreementId", description, unit,
                quantity, unit_price_pence as "unitPricePence", net_pence as "netPence",
                vat_treatment as "vatTreatment", vat_pence as "vatPence"
           from recharge_invoice_line where org_id = $1 and invoice_id = $2 order by line_number`,
        [orgId, invoiceId],
      );
      const { rows: extra } = await db.query<{ name: string; basisPoints: number }>(
        `select o.name, i.standard_vat_basis_points as "basisPoints"
           from recharge_invoice i join organisation o on o.id = i.org_id
          where i.org_id = $1 and i.id = $2`,
        [orgId, invoiceId],
      );
      return {
        ...found,
        organisationName: extra[0]?.name ?? '',
        standardVatBasisPoints: extra[0]?.basisPoints ?? 0,
        lines,
      };
    },

    /**
     * Records an invoice paid on a day, posting the payment in both ledgers (the recipient's
     * bank to its creditor, the provider's debtor to its bank). Paying twice is a conflict.
     */
    async markPaid(invoiceId: string, input: { paidOn: string }): Promise<RechargeInvoice> {
      access.requireOrganisation('finance:manage', 'record recharge payments');
      const paidOn = checkedDate(input.paidOn, '/paidOn');
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{
          status: string;
          issuedOn: IsoDate;
          invoiceNumber: string;
          grossPence: number;
          recipientPracticeId: string;
          providerCentre: string;
          recipientCentre: string;
        }>(
          `select status, issued_on as "issuedOn", invoice_number as "invoiceNumber",
                  gross_pence as "grossPence", recipient_practice_id as "recipientPracticeId",
                  provider_cost_centre_id as "providerCentre",
                  recipient_cost_centre_id as "recipientCentre"
             from recharge_invoice where org_id = $1 and id = $2 for update`,
          [orgId, invoiceId],
        );
        const invoice = rows[0];
        if (!invoice) throw notFound('The invoice');
        if (invoice.status === 'paid') {
          throw new AtscaleError('conflict', `Invoice ${invoice.invoiceNumber} is already paid`);
        }
        if (paidOn < invoice.issuedOn) {
          throw invalid('/paidOn', `Cannot be before the invoice date, ${invoice.issuedOn}`);
        }
        const [entryId = ''] = await insertJournalEntries(tx, orgId, principal.userId, [
          {
            entryDate: paidOn,
            description: `Recharge invoice ${invoice.invoiceNumber} paid`,
            source: 'recharge-payment',
            reversesEntryId: null,
            lines: invoicePaymentLines(
              invoice.recipientCentre,
              invoice.providerCentre,
              invoice.grossPence,
            ),
          },
        ]);
        await tx.query(
          `update recharge_invoice set status = 'paid', paid_on = $3, payment_entry_id = $4
            where org_id = $1 and id = $2`,
          [orgId, invoiceId, paidOn, entryId],
        );
        await writeAudit(tx, [
          access.audit('finance:manage', 'recharge-invoice.paid', 'recharge-invoice', invoiceId, {
            practiceId: invoice.recipientPracticeId,
            reason: `paid ${paidOn}`,
          }),
        ]);
        const [paid] = await loadInvoices(tx, orgId, { ids: [invoiceId] });
        if (!paid) throw new Error('paid invoice not found');
        return paid;
      });
    },
  };
}

/** The recharge repository a request handler is given. */
export type RechargeRepository = ReturnType<typeof rechargeRepository>;
