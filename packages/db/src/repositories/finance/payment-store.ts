import { randomUUID } from 'node:crypto';
import {
  AtscaleError,
  matchPayment,
  type IsoDate,
  type ScheduledPayment,
  type StatementRow,
} from '@atscale/domain';
import type { Queryable } from '../../database.js';
import { isoTime } from './finance-access.js';
import type { ExpectedPaymentRecord, ImportResult, PaymentImport } from './payment-types.js';

// The statements payment tracking's reads and writes share, and the writes a caller that has
// checked permission may make inside its own transaction (the repository, demo builders).

export const practiceJson = `json_build_object('id', p.id, 'odsCode', p.ods_code, 'name', p.name)`;

export const EXPECTED_COLUMNS = `
  e.id, e.kind, e.payer, e.reference, e.description, e.amount_pence as "amountPence",
  e.due_on as "dueOn", ${isoTime('e.created_at')} as "createdAt",
  ${practiceJson} as practice,
  case when o.id is null then null
       else json_build_object('id', o.id, 'name', o.display_name) end as owner,
  case when m.id is null then null
       else json_build_object('id', m.id, 'receivedPaymentId', m.received_payment_id,
                              'expectedPaymentId', m.expected_payment_id, 'rule', m.rule,
                              'receivedOn', r.received_on,
                              'matchedAt', ${isoTime('m.created_at')}) end as match`;

export const EXPECTED_FROM = `
  expected_payment e
  join practice p on p.org_id = e.org_id and p.id = e.practice_id
  left join app_user o on o.org_id = e.org_id and o.id = e.owner_id
  left join payment_match m on m.org_id = e.org_id and m.expected_payment_id = e.id
  left join received_payment r on r.org_id = m.org_id and r.id = m.received_payment_id`;

/** Payment tracking's writes are one at a time per organisation: matching must not race. */
export function lockPayments(tx: Queryable, orgId: string) {
  return tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `finance-payments:${orgId}`,
  ]);
}

export async function loadExpected(
  q: Queryable,
  orgId: string,
  filter: {
    ids?: readonly string[] | undefined;
    practiceIds?: readonly string[] | null | undefined;
    from?: IsoDate | undefined;
    to?: IsoDate | undefined;
    status?: 'outstanding' | 'received' | 'all' | undefined;
  },
): Promise<ExpectedPaymentRecord[]> {
  const { rows } = await q.query<ExpectedPaymentRecord>(
    `select ${EXPECTED_COLUMNS} from ${EXPECTED_FROM}
      where e.org_id = $1
        and ($2::uuid[] is null or e.id = any($2::uuid[]))
        and ($3::uuid[] is null or e.practice_id = any($3::uuid[]))
        and ($4::date is null or e.due_on >= $4)
        and ($5::date is null or e.due_on <= $5)
        and ($6::text = 'all' or ($6 = 'outstanding') = (m.id is null))
      order by e.due_on, p.name, e.kind, e.reference`,
    [
      orgId,
      filter.ids ?? null,
      filter.practiceIds ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.status ?? 'all',
    ],
  );
  return rows;
}

/**
 * FOR CALLERS THAT HAVE CHECKED PERMISSION (the repository, demo builders): writes a practice's
 * scheduled payments inside the caller's transaction, skipping those already there (the same
 * kind, reference and due date), so generating a schedule twice adds nothing the second time.
 */
export async function insertExpectedPayments(
  tx: Queryable,
  orgId: string,
  practiceId: string,
  payments: readonly ScheduledPayment[],
  createdBy: string | null,
): Promise<{ ids: string[]; created: number; existing: number }> {
  await lockPayments(tx, orgId);
  if (payments.length === 0) return { ids: [], created: 0, existing: 0 };
  const { rows } = await tx.query<{ id: string; created: boolean }>(
    `with wanted as (
       select * from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::date[])
                with ordinality as w(kind, payer, reference, description, amount, due_on, n)),
     there as (
       select w.n, e.id from wanted w
         join expected_payment e
           on e.org_id = $1 and e.practice_id = $2 and e.kind = w.kind
          and e.reference is not distinct from w.reference and e.due_on = w.due_on),
     added as (
       insert into expected_payment
         (org_id, practice_id, kind, payer, reference, description, amount_pence, due_on, created_by)
       select $1, $2, w.kind, w.payer, w.reference, w.description, w.amount, w.due_on, $9
         from wanted w where not exists (select 1 from there t where t.n = w.n)
        order by w.n
       returning id, kind, reference, due_on)
     select id, false as created from there
     union all
     select id, true from added`,
    [
      orgId,
      practiceId,
      payments.map((p) => p.kind),
      payments.map((p) => p.payer),
      payments.map((p) => p.reference),
      payments.map((p) => p.description),
      payments.map((p) => p.amountPence),
      payments.map((p) => p.dueOn),
      createdBy,
    ],
  );
  const created = rows.filter((r) => r.created).length;
  return { ids: rows.map((r) => r.id), created, existing: rows.length - created };
}

/**
 * FOR CALLERS THAT HAVE CHECKED PERMISSION (the repository, demo builders): imports a read
 * statement inside the caller's transaction: the import, every received payment, and the
 * matches the rules find among the organisation's expected payments nobody has received yet
 * (first every match by reference, then by amount, payer and date, so a payment quoting a
 * reference is not taken by one that merely fits the amount). The same statement imported
 * again is refused (409) and writes nothing.
 */
export async function importStatementRows(
  tx: Queryable,
  orgId: string,
  input: { fileName: string | null; rows: readonly StatementRow[] },
  importedBy: string | null,
): Promise<ImportResult> {
  await lockPayments(tx, orgId);
  const { rows } = input;
  const { rows: same } = await tx.query<{ fileName: string | null; importedAt: string }>(
    `select i.file_name as "fileName", ${isoTime('i.created_at')} as "importedAt"
       from payment_import i
      where i.org_id = $1 and i.row_count = $2
        and (select count(*) from received_payment r
               join unnest($3::int[], $4::date[], $5::text[], $6::text[], $7::bigint[])
                      as n(row_number, received_on, payer, reference, amount)
                 on n.row_number = r.row_number and n.received_on = r.received_on
                and n.payer = r.payer and n.reference = r.reference and n.amount = r.amount_pence
              where r.org_id = i.org_id and r.import_id = i.id) = $2
      order by i.created_at limit 1`,
    [
      orgId,
      rows.length,
      rows.map((r) => r.row),
      rows.map((r) => r.receivedOn),
      rows.map((r) => r.payer),
      rows.map((r) => r.reference),
      rows.map((r) => r.amountPence),
    ],
  );
  const earlier = same[0];
  if (earlier) {
    throw new AtscaleError(
      'conflict',
      `This statement was imported already on ${earlier.importedAt.slice(0, 10)}${earlier.fileName ? ` (${earlier.fileName})` : ''}; nothing was imported again`,
    );
  }
  const { rows: open } = await tx.query<{
    id: string;
    practiceId: string;
    payer: string;
    reference: string | null;
    amountPence: number;
    dueOn: IsoDate;
  }>(
    `select e.id, e.practice_id as "practiceId", e.payer, e.reference,
            e.amount_pence as "amountPence", e.due_on as "dueOn"
       from expected_payment e
      where e.org_id = $1
        and not exists (select 1 from payment_match m where m.expected_payment_id = e.id)
      order by e.due_on, e.id`,
    [orgId],
  );
  // Both rules need the exact amount, so each payment is offered only those of its amount.
  const byAmount = new Map<number, typeof open>();
  for (const e of open) byAmount.set(e.amountPence, [...(byAmount.get(e.amountPence) ?? []), e]);
  const practiceOf = new Map(open.map((e) => [e.id, e.practiceId]));
  const ids = rows.map(() => randomUUID());
  const matchedTo: ({ expectedId: string; rule: 'reference' | 'amount-payer-date' } | null)[] =
    rows.map(() => null);
  for (const pass of ['reference', 'any'] as const) {
    rows.forEach((row, i) => {
      if (matchedTo[i]) return;
      const pool = byAmount.get(row.amountPence) ?? [];
      const result = matchPayment(row, pool);
      if (result.kind !== 'matched' || (pass === 'reference' && result.rule !== 'reference')) {
        return;
      }
      matchedTo[i] = { expectedId: result.expectedId, rule: result.rule };
      byAmount.set(
        row.amountPence,
        pool.filter((e) => e.id !== result.expectedId),
      );
    });
  }
  const importId = randomUUID();
  const { rows: imported } = await tx.query<PaymentImport>(
    `insert into payment_import (id, org_id, file_name, row_count, imported_by)
     values ($1, $2, $3, $4, $5)
     returning id, file_name as "fileName", row_count as "rowCount",
               ${isoTime('created_at')} as "importedAt"`,
    [importId, orgId, input.fileName, rows.length, importedBy],
  );
  await tx.query(
    `insert into received_payment
       (id, org_id, import_id, row_number, received_on, payer, reference, amount_pence, practice_id)
     select r.id, $1, $2, r.row_number, r.received_on, r.payer, r.reference, r.amount, r.practice_id
       from unnest($3::uuid[], $4::int[], $5::date[], $6::text[], $7::text[], $8::bigint[],
                   $9::uuid[]) as r(id, row_number, received_on, payer, reference, amount, practice_id)`,
    [
      orgId,
      importId,
      ids,
      rows.map((r) => r.row),
      rows.map((r) => r.receivedOn),
      rows.map((r) => r.payer),
      rows.map((r) => r.reference),
      rows.map((r) => r.amountPence),
      matchedTo.map((m) => (m ? (practiceOf.get(m.expectedId) ?? null) : null)),
    ],
  );
  const matches = rows.flatMap((row, i) => {
    const m = matchedTo[i];
    return m
      ? [
          {
            row: row.row,
            receivedPaymentId: ids[i] ?? '',
            expectedPaymentId: m.expectedId,
            rule: m.rule,
          },
        ]
      : [];
  });
  if (matches.length > 0) {
    await tx.query(
      `insert into payment_match (org_id, received_payment_id, expected_payment_id, rule, matched_by)
       select $1, m.received, m.expected, m.rule, null
         from unnest($2::uuid[], $3::uuid[], $4::text[]) as m(received, expected, rule)`,
      [
        orgId,
        matches.map((m) => m.receivedPaymentId),
        matches.map((m) => m.expectedPaymentId),
        matches.map((m) => m.rule),
      ],
    );
  }
  const record = imported[0];
  if (!record) throw new Error('payment import insert returned no row');
  return {
    import: record,
    matched: matches.length,
    forReview: rows.length - matches.length,
    matches,
  };
}
