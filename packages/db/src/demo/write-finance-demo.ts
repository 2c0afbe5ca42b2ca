import { randomUUID } from 'node:crypto';
import { ACCOUNTS, demoFinance, type DemoFinance, type DemoPlan } from '@atscale/domain';
import type { Queryable } from '../database.js';
import { ensureChart } from '../repositories/finance/finance-access.js';
import { runLevyPeriod, settleLevyInvoices } from '../repositories/finance/levy.js';
import { insertJournalEntries } from '../repositories/finance/ledger.js';

// One finance plan per demo plan: the progress total and the writer must see the same rows.
const FINANCE = new WeakMap<DemoPlan, DemoFinance>();

/** The finance data of a plan, made once. */
export function financeOfPlan(plan: DemoPlan): DemoFinance {
  let finance = FINANCE.get(plan);
  if (!finance) {
    finance = demoFinance(plan);
    FINANCE.set(plan, finance);
  }
  return finance;
}

/** Lines of a levy invoice's journal entry: 4, or 6 when VAT is charged. */
const levyLines = (f: DemoFinance) => (f.settings.vatTreatment === 'standard' ? 6 : 4);

/** The rows the finance data adds, for the progress total. */
export function financeRowCount(plan: DemoPlan): number {
  const f = financeOfPlan(plan);
  const ledger = f.settings.centralCostCentre !== null;
  const invoices = f.levyRuns.reduce((n, r) => n + r.invoices.length, 0);
  const paid = f.levyRuns.reduce((n, r) => n + r.invoices.filter((i) => i.paidOn).length, 0);
  return (
    1 + // finance settings
    (ledger ? 1 + ACCOUNTS.length : 0) + // the central cost centre and the chart
    f.journal.reduce((n, e) => n + 1 + e.lines.length, 0) +
    f.levyRuns.length +
    invoices * (3 + levyLines(f)) + // invoice, its line, its entry and the entry's lines
    paid * 5 + // the payment entry and its four lines
    f.savings.length +
    f.expectedPayments.length +
    f.imports.length +
    f.receivedPayments.length +
    f.receivedPayments.filter((r) => r.match).length +
    f.chases.length
  );
}

/** Rows per statement, so that progress moves on a big plan. */
const BATCH = 2_000;

async function inBatches<T>(
  rows: readonly T[],
  write: (batch: readonly T[]) => Promise<unknown>,
): Promise<void> {
  for (let at = 0; at < rows.length; at += BATCH) await write(rows.slice(at, at + BATCH));
}

/**
 * Writes a plan's finance data (FIN-1 to FIN-4) inside the demo's transaction: settings, the
 * central cost centre, weighted lists, the ledger's journal entries, the levy runs (through the
 * levy repository's own run and payment, so the demo's invoices are made as central finance
 * makes them), central savings, expected payments, the bank statements and their matches, and
 * the chases. Multi-row inserts throughout.
 */
export async function writeFinanceDemo(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: {
    readonly practiceIds: readonly string[];
    readonly userIds: Readonly<Record<string, string>>;
  },
  wrote: (rows: number) => void,
): Promise<void> {
  const f = financeOfPlan(plan);
  const practiceId = (index: number): string => {
    const id = ids.practiceIds[index];
    if (!id) throw new Error(`the demo has no practice ${String(index)}`);
    return id;
  };
  const userId = (key: string | null): string | null =>
    key === null ? null : (ids.userIds[key] ?? null);
  const financeUser = userId('finance') ?? userId('admin');

  let centralId: string | null = null;
  const central = f.settings.centralCostCentre;
  if (central !== null) {
    const made = await tx.query<{ id: string }>(
      'insert into cost_centre (org_id, code, name) values ($1, $2, $3) returning id',
      [orgId, central.code, central.name],
    );
    centralId = made.rows[0]?.id ?? null;
    await ensureChart(tx, orgId);
    wrote(1 + ACCOUNTS.length);
  }
  await tx.query(
    `insert into finance_settings
       (org_id, levy_pence_per_patient_per_year, levy_basis, levy_frequency, levy_vat_treatment,
        payment_terms_days, invoice_prefix, central_cost_centre_id, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      orgId,
      f.settings.pencePerPatientPerYear,
      f.settings.basis,
      f.settings.frequency,
      f.settings.vatTreatment,
      f.settings.paymentTermsDays,
      f.settings.invoicePrefix,
      centralId,
      financeUser,
    ],
  );
  wrote(1);
  const weighted = f.weightedListSizes;
  await tx.query(
    `update practice_list_size s set weighted_list_size = w.weighted
       from unnest($2::uuid[], $3::date[], $4::int[]) as w(practice_id, date, weighted)
      where s.org_id = $1 and s.practice_id = w.practice_id and s.date = w.date`,
    [
      orgId,
      weighted.map((w) => practiceId(w.practiceIndex)),
      weighted.map((w) => w.date),
      weighted.map((w) => w.weightedListSize),
    ],
  );

  if (f.journal.length > 0) {
    const { rows: centres } = await tx.query<{ id: string; code: string }>(
      'select id, code from cost_centre where org_id = $1',
      [orgId],
    );
    const centreId = new Map(centres.map((c) => [c.code, c.id]));
    await inBatches(f.journal, async (batch) => {
      await insertJournalEntries(
        tx,
        orgId,
        financeUser,
        batch.map((e) => ({
          entryDate: e.entryDate,
          description: e.description,
          source: 'manual',
          reversesEntryId: null,
          lines: e.lines.map((l) => {
            const id = centreId.get(l.costCentreCode);
            if (!id) throw new Error(`the demo has no cost centre ${l.costCentreCode}`);
            return {
              costCentreId: id,
              accountCode: l.accountCode,
              debitPence: l.debitPence,
              creditPence: l.creditPence,
              memo: l.memo,
            };
          }),
        })),
      );
      wrote(batch.reduce((n, e) => n + 1 + e.lines.length, 0));
    });
  }

  // The levy, run period by period as central finance runs it, then paid in one batch.
  const payments: { invoiceId: string; paidOn: string }[] = [];
  for (const planned of f.levyRuns) {
    const ran = await runLevyPeriod(tx, orgId, financeUser, planned);
    const { rows: invoices } = await tx.query<{ id: string; practiceId: string }>(
      'select id, practice_id as "practiceId" from levy_invoice where org_id = $1 and levy_run_id = $2',
      [orgId, ran.run.id],
    );
    const invoiceOf = new Map(invoices.map((i) => [i.practiceId, i.id]));
    const expected = planned.invoices.map((i) => practiceId(i.practiceIndex)).sort();
    if (JSON.stringify(expected) !== JSON.stringify([...invoiceOf.keys()].sort())) {
      throw new Error(
        `the levy for ${ran.run.label} invoiced other practices than the demo planned`,
      );
    }
    for (const i of planned.invoices) {
      const invoiceId = invoiceOf.get(practiceId(i.practiceIndex));
      if (i.paidOn !== null && invoiceId) payments.push({ invoiceId, paidOn: i.paidOn });
    }
    wrote(1 + invoices.length * (3 + levyLines(f)));
  }
  await settleLevyInvoices(tx, orgId, financeUser, payments);
  wrote(payments.length * 5);

  const savings = f.savings;
  await inBatches(savings, async (batch) => {
    await tx.query(
      `insert into central_saving
         (org_id, practice_id, service, period_from, period_to, amount_pence, note, recorded_by)
       select $1, s.practice_id, s.service, s.period_from, s.period_to, s.amount, s.note, $2
         from unnest($3::uuid[], $4::text[], $5::date[], $6::date[], $7::bigint[], $8::text[])
              as s(practice_id, service, period_from, period_to, amount, note)`,
      [
        orgId,
        financeUser,
        batch.map((s) => practiceId(s.practiceIndex)),
        batch.map((s) => s.service),
        batch.map((s) => s.periodFrom),
        batch.map((s) => s.periodTo),
        batch.map((s) => s.amountPence),
        batch.map((s) => s.note),
      ],
    );
    wrote(batch.length);
  });

  const expectedIds = f.expectedPayments.map(() => randomUUID());
  await inBatches(
    f.expectedPayments.map((e, n) => ({ ...e, id: expectedIds[n] })),
    async (batch) => {
      await tx.query(
        `insert into expected_payment
           (id, org_id, practice_id, kind, payer, reference, description, amount_pence, due_on,
            owner_id)
         select e.id, $1, e.practice_id, e.kind, e.payer, e.reference, e.description, e.amount,
                e.due_on, e.owner_id
           from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::bigint[], $9::date[], $10::uuid[])
                as e(id, practice_id, kind, payer, reference, description, amount, due_on, owner_id)`,
        [
          orgId,
          batch.map((e) => e.id),
          batch.map((e) => practiceId(e.practiceIndex)),
          batch.map((e) => e.kind),
          batch.map((e) => e.payer),
          batch.map((e) => e.reference),
          batch.map((e) => e.description),
          batch.map((e) => e.amountPence),
          batch.map((e) => e.dueOn),
          batch.map((e) => userId(e.ownerKey)),
        ],
      );
      wrote(batch.length);
    },
  );

  const importIds = f.imports.map(() => randomUUID());
  const rowsOf = new Map<number, number>();
  for (const r of f.receivedPayments)
    rowsOf.set(r.importIndex, (rowsOf.get(r.importIndex) ?? 0) + 1);
  if (importIds.length > 0) {
    await tx.query(
      `insert into payment_import (id, org_id, file_name, row_count, imported_by)
       select i.id, $1, i.file_name, i.row_count, $2
         from unnest($3::uuid[], $4::text[], $5::int[]) as i(id, file_name, row_count)`,
      [
        orgId,
        financeUser,
        importIds,
        f.imports.map((i) => i.fileName),
        f.imports.map((_, n) => rowsOf.get(n) ?? 0),
      ],
    );
    wrote(importIds.length);
  }
  const receivedIds = f.receivedPayments.map(() => randomUUID());
  await inBatches(
    f.receivedPayments.map((r, n) => ({ ...r, id: receivedIds[n] })),
    async (batch) => {
      await tx.query(
        `insert into received_payment
           (id, org_id, import_id, row_number, received_on, payer, reference, amount_pence,
            practice_id)
         select r.id, $1, r.import_id, r.row_number, r.received_on, r.payer, r.reference, r.amount,
                r.practice_id
           from unnest($2::uuid[], $3::uuid[], $4::int[], $5::date[], $6::text[], $7::text[],
                       $8::bigint[], $9::uuid[])
                as r(id, import_id, row_number, received_on, payer, reference, amount, practice_id)`,
        [
          orgId,
          batch.map((r) => r.id),
          batch.map((r) => importIds[r.importIndex]),
          batch.map((r) => r.rowNumber),
          batch.map((r) => r.receivedOn),
          batch.map((r) => r.payer),
          batch.map((r) => r.reference),
          batch.map((r) => r.amountPence),
          batch.map((r) => (r.practiceIndex === null ? null : practiceId(r.practiceIndex))),
        ],
      );
      wrote(batch.length);
    },
  );
  const matches = f.receivedPayments.flatMap((r, n) =>
    r.match
      ? [
          {
            receivedId: receivedIds[n],
            expectedId: expectedIds[r.match.expectedIndex],
            rule: r.match.rule,
          },
        ]
      : [],
  );
  await inBatches(matches, async (batch) => {
    await tx.query(
      `insert into payment_match (org_id, received_payment_id, expected_payment_id, rule, matched_by)
       select $1, m.received_id, m.expected_id, m.rule,
              case when m.rule = 'manual' then $2::uuid end
         from unnest($3::uuid[], $4::uuid[], $5::text[]) as m(received_id, expected_id, rule)`,
      [
        orgId,
        financeUser,
        batch.map((m) => m.receivedId),
        batch.map((m) => m.expectedId),
        batch.map((m) => m.rule),
      ],
    );
    wrote(batch.length);
  });
  if (f.chases.length > 0) {
    await tx.query(
      `insert into payment_chase
         (org_id, expected_payment_id, chased_on, method, note, next_action_on, chased_by)
       select $1, c.expected_id, c.chased_on, c.method, c.note, c.next_action_on, c.chased_by
         from unnest($2::uuid[], $3::date[], $4::text[], $5::text[], $6::date[], $7::uuid[])
              as c(expected_id, chased_on, method, note, next_action_on, chased_by)`,
      [
        orgId,
        f.chases.map((c) => expectedIds[c.expectedIndex]),
        f.chases.map((c) => c.chasedOn),
        f.chases.map((c) => c.method),
        f.chases.map((c) => c.note),
        f.chases.map((c) => c.nextActionOn),
        f.chases.map((c) => userId(c.chasedByKey)),
      ],
    );
    wrote(f.chases.length);
  }
}
