import { randomUUID } from 'node:crypto';
import {
  AtscaleError,
  MEMBER_STAGES,
  annualLevy,
  billingPeriods,
  dueDate,
  invoiceNumber,
  invoiceTotals,
  levyInstalments,
  notFound,
  vatOnLine,
  type IsoDate,
  type JournalLine,
  type LevyBasis,
  type Pence,
  type VatTreatment,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import { todayInEngland } from '../organisation-today.js';
import {
  checkedDate,
  costCentreOfPracticesOn,
  financeAccess,
  invalid,
  type FinancePractice,
} from './finance-access.js';
import { loadFinanceSettings } from './finance-settings.js';
import { insertJournalEntries } from './ledger.js';

/** A levy run: one billing period of one financial year. */
export interface LevyRun {
  readonly id: string;
  readonly financialYear: number;
  readonly frequency: string;
  readonly periodNumber: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly label: string;
  readonly issuedOn: IsoDate;
}

/** A levy invoice as lists show it. */
export interface LevyInvoice {
  readonly id: string;
  readonly invoiceNumber: string;
  readonly practice: FinancePractice;
  readonly levyRunId: string;
  readonly financialYear: number;
  readonly issuedOn: IsoDate;
  readonly dueOn: IsoDate;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly periodLabel: string;
  readonly basis: LevyBasis;
  readonly listSize: number;
  readonly listCountedOn: IsoDate;
  readonly pencePerPatientPerYear: number;
  readonly vatTreatment: VatTreatment;
  readonly netPence: Pence;
  readonly vatPence: Pence;
  readonly grossPence: Pence;
  readonly status: 'unpaid' | 'paid';
  readonly paidOn: IsoDate | null;
  readonly journalEntryId: string;
  readonly paymentEntryId: string | null;
}

/** A levy invoice with its lines, for printing. */
export interface LevyInvoiceDetail extends LevyInvoice {
  readonly organisationName: string;
  readonly lines: {
    readonly lineNumber: number;
    readonly description: string;
    readonly quantity: number;
    readonly netPence: Pence;
    readonly vatTreatment: VatTreatment;
    readonly vatPence: Pence;
  }[];
}

/** What a levy run did: the invoices of the period, whether it made them now, who it skipped. */
export interface LevyRunResult {
  readonly run: LevyRun;
  /** False when the period had been run before: nothing new was charged. */
  readonly created: boolean;
  readonly invoices: LevyInvoice[];
  readonly skipped: { readonly practice: FinancePractice; readonly reason: string }[];
  readonly totals: {
    readonly listSize: number;
    readonly netPence: Pence;
    readonly vatPence: Pence;
    readonly grossPence: Pence;
  };
}

const INVOICE_COLUMNS = `
  i.id, i.invoice_number as "invoiceNumber", i.levy_run_id as "levyRunId",
  i.financial_year as "financialYear", i.issued_on as "issuedOn", i.due_on as "dueOn",
  i.period_from as "periodFrom", i.period_to as "periodTo", i.period_label as "periodLabel",
  i.basis, i.list_size as "listSize", i.list_counted_on as "listCountedOn",
  i.pence_per_patient_per_year as "pencePerPatientPerYear", i.vat_treatment as "vatTreatment",
  i.net_pence as "netPence", i.vat_pence as "vatPence", i.gross_pence as "grossPence",
  i.status, i.paid_on as "paidOn", i.journal_entry_id as "journalEntryId",
  i.payment_entry_id as "paymentEntryId",
  json_build_object('id', p.id, 'odsCode', p.ods_code, 'name', p.name) as practice`;

const RUN_COLUMNS = `id, financial_year as "financialYear", frequency, period_number as "periodNumber",
  period_from as "from", period_to as "to", period_label as label, issued_on as "issuedOn"`;

async function loadInvoices(
  q: Queryable,
  orgId: string,
  filter: {
    runId?: string;
    ids?: readonly string[];
    practiceIds?: readonly string[] | null;
    financialYear?: number | undefined;
    status?: string | undefined;
  },
): Promise<LevyInvoice[]> {
  const { rows } = await q.query<LevyInvoice>(
    `select ${INVOICE_COLUMNS}
       from levy_invoice i join practice p on p.org_id = i.org_id and p.id = i.practice_id
      where i.org_id = $1
        and ($2::uuid is null or i.levy_run_id = $2)
        and ($3::uuid[] is null or i.id = any($3::uuid[]))
        and ($4::uuid[] is null or i.practice_id = any($4::uuid[]))
        and ($5::int is null or i.financial_year = $5)
        and ($6::text is null or i.status = $6)
      order by i.financial_year, i.sequence`,
    [
      orgId,
      filter.runId ?? null,
      filter.ids ?? null,
      filter.practiceIds ?? null,
      filter.financialYear ?? null,
      filter.status ?? null,
    ],
  );
  return rows;
}

const sum = (invoices: readonly LevyInvoice[]) => ({
  listSize: invoices.reduce((s, i) => s + i.listSize, 0),
  netPence: invoices.reduce((s, i) => s + i.netPence, 0),
  vatPence: invoices.reduce((s, i) => s + i.vatPence, 0),
  grossPence: invoices.reduce((s, i) => s + i.grossPence, 0),
});

/**
 * Invoices every member practice for one billing period of a financial year, at the rate,
 * basis, frequency and VAT treatment of the settings, inside the caller's transaction: list
 * sizes on the period's first day (the latest count on or before it), the year's levy split
 * into equal instalments by the domain, invoices numbered on from the year's last without gaps,
 * and one journal entry each in the practice's and the central cost centre's ledgers. A period
 * run before is returned as it was (created false). Practices that became members after the
 * period began are skipped. The levy repository's run (with its checks and audit) and the demo
 * build both run the levy through this, so there is one copy of the arithmetic.
 */
export async function runLevyPeriod(
  tx: Queryable,
  orgId: string,
  runBy: string | null,
  input: { financialYear: number; periodNumber: number; issuedOn: IsoDate },
): Promise<{
  run: LevyRun;
  created: boolean;
  invoiceCount: number;
  skipped: LevyRunResult['skipped'];
}> {
  const issuedOn = input.issuedOn;
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `finance-levy:${orgId}`,
  ]);
  const settings = await loadFinanceSettings(tx, orgId);
  const periods = billingPeriods(input.financialYear, settings.frequency);
  const period = periods[input.periodNumber - 1];
  if (!period || !Number.isSafeInteger(input.periodNumber)) {
    throw invalid(
      '/periodNumber',
      `A ${settings.frequency} levy has periods 1 to ${String(periods.length)}`,
    );
  }
  const { rows: existing } = await tx.query<LevyRun>(
    `select ${RUN_COLUMNS} from levy_run
        where org_id = $1 and period_from = $2 and period_to = $3`,
    [orgId, period.from, period.to],
  );
  const before = existing[0];
  if (before) return { run: before, created: false, invoiceCount: 0, skipped: [] };
  const { rows: overlapping } = await tx.query<{ label: string }>(
    `select period_label as label from levy_run
        where org_id = $1 and period_from <= $3 and period_to >= $2`,
    [orgId, period.from, period.to],
  );
  const clash = overlapping[0];
  if (clash) {
    throw new AtscaleError(
      'conflict',
      `The levy for ${clash.label} already covers part of ${period.label}`,
    );
  }
  const central = settings.centralCostCentre;
  if (central === null) {
    throw new AtscaleError(
      'conflict',
      'Choose the central cost centre in the finance settings before running the levy',
    );
  }
  if (settings.pencePerPatientPerYear === 0) {
    throw new AtscaleError('conflict', 'The levy rate is £0.00: there is nothing to charge');
  }
  const weighted = settings.basis === 'weighted-list';
  const { rows: practices } = await tx.query<
    FinancePractice & {
      listSize: number | null;
      countedOn: IsoDate | null;
      joinedOn: IsoDate | null;
    }
  >(
    `select p.id, p.ods_code as "odsCode", p.name, c.list_size as "listSize",
              c.date as "countedOn",
              (select min(h.changed_on) from membership_stage_change h
                where h.org_id = p.org_id and h.practice_id = p.id and h.to_stage = 'member')
                as "joinedOn"
         from practice p
         left join lateral (
           select (case when $4 then s.weighted_list_size else s.list_size end) as list_size,
                  s.date
             from practice_list_size s
            where s.org_id = p.org_id and s.practice_id = p.id and s.date <= $2
              and (not $4 or s.weighted_list_size is not null)
            order by s.date desc limit 1) c on true
        where p.org_id = $1
          and coalesce((select m.stage from membership m where m.practice_id = p.id), 'member')
                = any($3::text[])
        order by p.name, p.ods_code`,
    [orgId, period.from, MEMBER_STAGES, weighted],
  );
  const centres = await costCentreOfPracticesOn(tx, orgId, period.from);
  const skipped: LevyRunResult['skipped'] = [];
  // A practice that became a member after the period began owes nothing for it (and has no
  // cost centre on its first day to charge).
  const charged = practices.filter((p) => {
    if (p.joinedOn === null || p.joinedOn <= period.from) return true;
    skipped.push({
      practice: { id: p.id, odsCode: p.odsCode, name: p.name },
      reason: `Became a member on ${p.joinedOn}, after the period began`,
    });
    return false;
  });
  const missing = charged.filter((p) => p.listSize === null || !centres.has(p.id));
  if (missing.length > 0) {
    const names = missing
      .slice(0, 10)
      .map(
        (p) =>
          `${p.name} (${p.listSize === null ? `no ${weighted ? 'weighted ' : ''}list size` : 'no cost centre'} on ${period.from})`,
      );
    throw new AtscaleError(
      'conflict',
      `Every member practice needs a ${weighted ? 'weighted ' : ''}list size and a cost centre on ${period.from}: ${names.join(', ')}${missing.length > 10 ? ` and ${String(missing.length - 10)} more` : ''}`,
    );
  }
  const { rows: last } = await tx.query<{ n: number }>(
    'select coalesce(max(sequence), 0)::int as n from levy_invoice where org_id = $1 and financial_year = $2',
    [orgId, input.financialYear],
  );
  let sequence = last[0]?.n ?? 0;
  const runId = randomUUID();
  const invoices = charged.flatMap((p) => {
    const listSize = p.listSize ?? 0;
    const net =
      levyInstalments(annualLevy(settings.pencePerPatientPerYear, listSize), periods.length)[
        period.number - 1
      ] ?? 0;
    if (net === 0) {
      skipped.push({
        practice: { id: p.id, odsCode: p.odsCode, name: p.name },
        reason: 'Nothing to charge for this period',
      });
      return [];
    }
    sequence += 1;
    const totals = invoiceTotals(
      [{ netPence: net, vatTreatment: settings.vatTreatment }],
      settings.standardVatBasisPoints,
    );
    return [
      {
        id: randomUUID(),
        practice: p,
        costCentreId: centres.get(p.id) ?? '',
        sequence,
        number: invoiceNumber(settings.invoicePrefix, input.financialYear, sequence),
        listSize,
        countedOn: p.countedOn ?? period.from,
        ...totals,
        lineVat: vatOnLine(net, settings.vatTreatment, settings.standardVatBasisPoints),
      },
    ];
  });
  await tx.query(
    `insert into levy_run (id, org_id, financial_year, frequency, period_number, period_from,
                             period_to, period_label, issued_on, run_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      runId,
      orgId,
      input.financialYear,
      settings.frequency,
      period.number,
      period.from,
      period.to,
      period.label,
      issuedOn,
      runBy,
    ],
  );
  const entryIds = await insertJournalEntries(
    tx,
    orgId,
    runBy,
    invoices.map((inv) => {
      const lines: JournalLine[] = [
        {
          costCentreId: inv.costCentreId,
          accountCode: '6030',
          debitPence: inv.netPence,
          creditPence: 0,
        },
        ...(inv.vatPence > 0
          ? [
              {
                costCentreId: inv.costCentreId,
                accountCode: '1200',
                debitPence: inv.vatPence,
                creditPence: 0,
              },
            ]
          : []),
        {
          costCentreId: inv.costCentreId,
          accountCode: '2100',
          debitPence: 0,
          creditPence: inv.grossPence,
        },
        {
          costCentreId: central.id,
          accountCode: '1100',
          debitPence: inv.grossPence,
          creditPence: 0,
        },
        {
          costCentreId: central.id,
          accountCode: '4060',
          debitPence: 0,
          creditPence: inv.netPence,
        },
        ...(inv.vatPence > 0
          ? [
              {
                costCentreId: central.id,
                accountCode: '2200',
                debitPence: 0,
                creditPence: inv.vatPence,
              },
            ]
          : []),
      ];
      return {
        entryDate: issuedOn,
        description: `Levy ${period.label}: invoice ${inv.number}, ${inv.practice.name}`,
        source: 'levy',
        reversesEntryId: null,
        lines: lines.map((l) => ({ ...l, memo: null })),
      };
    }),
  );
  const due = dueDate(issuedOn, settings.paymentTermsDays);
  await tx.query(
    `insert into levy_invoice
         (id, org_id, levy_run_id, practice_id, financial_year, sequence, invoice_number,
          issued_on, due_on, period_from, period_to, period_label, basis, list_size,
          list_counted_on, pence_per_patient_per_year, vat_treatment, net_pence, vat_pence,
          gross_pence, journal_entry_id)
       select i.id, $1, $2, i.practice_id, $3, i.sequence, i.number, $4, $5, $6, $7, $8, $9,
              i.list_size, i.counted_on, $10, $11, i.net, i.vat, i.gross, i.entry_id
         from unnest($12::uuid[], $13::uuid[], $14::int[], $15::text[], $16::int[], $17::date[],
                     $18::bigint[], $19::bigint[], $20::bigint[], $21::uuid[])
                as i(id, practice_id, sequence, number, list_size, counted_on, net, vat, gross,
                     entry_id)`,
    [
      orgId,
      runId,
      input.financialYear,
      issuedOn,
      due,
      period.from,
      period.to,
      period.label,
      settings.basis,
      settings.pencePerPatientPerYear,
      settings.vatTreatment,
      invoices.map((i) => i.id),
      invoices.map((i) => i.practice.id),
      invoices.map((i) => i.sequence),
      invoices.map((i) => i.number),
      invoices.map((i) => i.listSize),
      invoices.map((i) => i.countedOn),
      invoices.map((i) => i.netPence),
      invoices.map((i) => i.vatPence),
      invoices.map((i) => i.grossPence),
      entryIds,
    ],
  );
  await tx.query(
    `insert into levy_invoice_line
         (org_id, invoice_id, line_number, description, quantity, net_pence, vat_treatment, vat_pence)
       select $1, i.id, 1, i.description, i.quantity, i.net, $2, i.vat
         from unnest($3::uuid[], $4::text[], $5::int[], $6::bigint[], $7::bigint[])
                as i(id, description, quantity, net, vat)`,
    [
      orgId,
      settings.vatTreatment,
      invoices.map((i) => i.id),
      invoices.map(
        (i) =>
          `Levy for ${period.label}: ${String(i.listSize)} patients at ${String(settings.pencePerPatientPerYear)}p per patient per year, ${periods.length === 1 ? 'the year' : `instalment ${String(period.number)} of ${String(periods.length)}`}`,
      ),
      invoices.map((i) => i.listSize),
      invoices.map((i) => i.netPence),
      invoices.map((i) => i.lineVat),
    ],
  );
  return {
    run: {
      id: runId,
      financialYear: input.financialYear,
      frequency: settings.frequency,
      periodNumber: period.number,
      from: period.from,
      to: period.to,
      label: period.label,
      issuedOn,
    },
    created: true,
    invoiceCount: invoices.length,
    skipped,
  };
}

/**
 * Records levy invoices paid (each on its date) inside the caller's transaction, posting each
 * payment in both ledgers: the practice's bank to its creditor, the centre's debtor to its bank.
 * The caller has checked each is unpaid and paid on or after its invoice date. Returns the
 * payment entries' ids in the order given. markPaid and the demo build both settle through this.
 */
export async function settleLevyInvoices(
  tx: Queryable,
  orgId: string,
  postedBy: string | null,
  payments: readonly { invoiceId: string; paidOn: IsoDate }[],
): Promise<string[]> {
  if (payments.length === 0) return [];
  const { rows } = await tx.query<{
    id: string;
    invoiceNumber: string;
    grossPence: number;
    practiceCentre: string;
    centralCentre: string;
  }>(
    `select i.id, i.invoice_number as "invoiceNumber", i.gross_pence as "grossPence",
            (select l.cost_centre_id from journal_line l where l.org_id = i.org_id
                and l.entry_id = i.journal_entry_id and l.account_code = '2100' limit 1)
              as "practiceCentre",
            (select l.cost_centre_id from journal_line l where l.org_id = i.org_id
                and l.entry_id = i.journal_entry_id and l.account_code = '1100' limit 1)
              as "centralCentre"
       from levy_invoice i where i.org_id = $1 and i.id = any($2::uuid[])`,
    [orgId, payments.map((p) => p.invoiceId)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const entries = payments.map((payment) => {
    const invoice = byId.get(payment.invoiceId);
    if (!invoice) throw notFound('The invoice');
    const gross = invoice.grossPence;
    return {
      entryDate: payment.paidOn,
      description: `Levy invoice ${invoice.invoiceNumber} paid`,
      source: 'levy-payment',
      reversesEntryId: null,
      lines: [
        {
          costCentreId: invoice.practiceCentre,
          accountCode: '2100',
          debitPence: gross,
          creditPence: 0,
        },
        {
          costCentreId: invoice.practiceCentre,
          accountCode: '1000',
          debitPence: 0,
          creditPence: gross,
        },
        {
          costCentreId: invoice.centralCentre,
          accountCode: '1000',
          debitPence: gross,
          creditPence: 0,
        },
        {
          costCentreId: invoice.centralCentre,
          accountCode: '1100',
          debitPence: 0,
          creditPence: gross,
        },
      ],
    };
  });
  const entryIds = await insertJournalEntries(tx, orgId, postedBy, entries);
  await tx.query(
    `update levy_invoice i set status = 'paid', paid_on = u.paid_on, payment_entry_id = u.entry_id
       from unnest($2::uuid[], $3::date[], $4::uuid[]) as u(id, paid_on, entry_id)
      where i.org_id = $1 and i.id = u.id`,
    [orgId, payments.map((p) => p.invoiceId), payments.map((p) => p.paidOn), entryIds],
  );
  return entryIds;
}

/**
 * The levy (FIN-2) for one caller: runs per billing period, invoices per practice, payment.
 * Runs and payments are central finance's; a practice's people see their practice's invoices.
 */
export function levyRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  const { orgId, principal } = access;

  return {
    /**
     * Invoices every member practice for one billing period of a financial year, at the rate,
     * basis, frequency and VAT treatment of the settings, in one transaction: list sizes on the
     * period's first day (the latest count on or before it), the year's levy split into equal
     * instalments by the domain, invoices numbered on from the year's last without gaps, and one
     * journal entry each in the practice's and the central cost centre's ledgers. Running a
     * period again returns what the first run made and charges nothing more.
     */
    async run(input: {
      financialYear: number;
      periodNumber: number;
      issuedOn?: string | undefined;
    }): Promise<LevyRunResult> {
      access.requireOrganisation('finance:manage', 'run the levy');
      if (!Number.isSafeInteger(input.financialYear) || input.financialYear < 2000) {
        throw invalid('/financialYear', 'A financial year such as 2026 (for 2026/27)');
      }
      const issuedOn =
        input.issuedOn === undefined ? todayInEngland() : checkedDate(input.issuedOn, '/issuedOn');
      return db.transaction(async (tx) => {
        const ran = await runLevyPeriod(tx, orgId, principal.userId, {
          financialYear: input.financialYear,
          periodNumber: input.periodNumber,
          issuedOn,
        });
        if (!ran.created) {
          const invoices = await loadInvoices(tx, orgId, { runId: ran.run.id });
          return { run: ran.run, created: false, invoices, skipped: [], totals: sum(invoices) };
        }
        await writeAudit(tx, [
          access.audit('finance:manage', 'levy-run.create', 'levy-run', ran.run.id, {
            reason: `${ran.run.label}: ${String(ran.invoiceCount)} invoices`,
          }),
        ]);
        const made = await loadInvoices(tx, orgId, { runId: ran.run.id });
        return {
          run: ran.run,
          created: true,
          invoices: made,
          skipped: ran.skipped,
          totals: sum(made),
        };
      });
    },
    /** Levy invoices the caller may see, by year and number. */
    async invoices(
      filter: {
        financialYear?: number | undefined;
        practiceId?: string | undefined;
        status?: 'unpaid' | 'paid' | undefined;
      } = {},
    ): Promise<LevyInvoice[]> {
      const reach = access.reach('finance:read', 'see levy invoices');
      const allowed = reach.kind === 'practices' ? reach.practiceIds : null;
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
      });
    },

    /** One invoice with its lines; another practice's is not found. */
    async invoice(invoiceId: string): Promise<LevyInvoiceDetail> {
      const reach = access.reach('finance:read', 'see levy invoices');
      const [found] = await loadInvoices(db, orgId, { ids: [invoiceId] });
      if (
        !found ||
        (reach.kind === 'practices' && !reach.practiceIds.includes(found.practice.id))
      ) {
        throw notFound('The invoice');
      }
      const { rows: lines } = await db.query<LevyInvoiceDetail['lines'][number]>(
        `select line_number as "lineNumber", description, quantity, net_pence as "netPence",
                vat_treatment as "vatTreatment", vat_pence as "vatPence"
           from levy_invoice_line where org_id = $1 and invoice_id = $2 order by line_number`,
        [orgId, invoiceId],
      );
      const { rows: org } = await db.query<{ name: string }>(
        'select name from organisation where id = $1',
        [orgId],
      );
      return { ...found, organisationName: org[0]?.name ?? '', lines };
    },

    /**
     * Records an invoice paid on a date, posting the payment in both ledgers (the practice's
     * bank to its creditor, the centre's debtor to its bank). Paying twice is a conflict.
     */
    async markPaid(invoiceId: string, input: { paidOn: string }): Promise<LevyInvoice> {
      access.requireOrganisation('finance:manage', 'record levy payments');
      const paidOn = checkedDate(input.paidOn, '/paidOn');
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{
          status: string;
          issuedOn: IsoDate;
          invoiceNumber: string;
          practiceId: string;
        }>(
          `select i.status, i.issued_on as "issuedOn", i.invoice_number as "invoiceNumber",
                  i.practice_id as "practiceId"
             from levy_invoice i where i.org_id = $1 and i.id = $2 for update`,
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
        await settleLevyInvoices(tx, orgId, principal.userId, [{ invoiceId, paidOn }]);
        await writeAudit(tx, [
          access.audit('finance:manage', 'levy-invoice.paid', 'levy-invoice', invoiceId, {
            practiceId: invoice.practiceId,
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

/** The levy repository a request handler is given. */
export type LevyRepository = ReturnType<typeof levyRepository>;
