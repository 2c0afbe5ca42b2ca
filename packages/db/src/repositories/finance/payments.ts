import {
  AtscaleError,
  DEFAULT_COMMISSIONER,
  EXPECTED_PAYMENT_KINDS,
  GLOBAL_SUM_PENCE_PER_WEIGHTED_PATIENT,
  MAX_AMOUNT_PENCE,
  PERMISSIONS,
  ageingBucket,
  daysBetween,
  expectedSchedule,
  formatPounds,
  isPence,
  matchPayment,
  notFound,
  readPaymentStatement,
  type ExpectedPaymentKind,
  type MatchResult,
  type Pence,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { UNIQUE_VIOLATION, sqlState } from '../../sql-errors.js';
import { writeAudit } from '../audit.js';
import { todayInEngland } from '../organisation-today.js';
import {
  checkedDate,
  checkedPeriod,
  financeAccess,
  invalid,
  isoTime,
  type FinancePractice,
} from './finance-access.js';
import {
  EXPECTED_COLUMNS,
  EXPECTED_FROM,
  importStatementRows,
  insertExpectedPayments,
  loadExpected,
  lockPayments,
  practiceJson,
} from './payment-store.js';
import {
  PAYMENT_CHASE_METHODS,
  type AgeingItem,
  type AgeingReport,
  type CandidatePayment,
  type ExpectedPaymentInput,
  type ExpectedPaymentRecord,
  type ImportResult,
  type OverdueBucket,
  type PaymentChase,
  type PaymentChaseMethod,
  type PaymentMatch,
  type ReviewItem,
  type ScheduleRequest,
  type ScheduleResult,
} from './payment-types.js';

export * from './payment-types.js';
export { importStatementRows, insertExpectedPayments } from './payment-store.js';

const TEXT_MAX = 200;
const DESCRIPTION_MAX = 500;
const CHASE_NOTE_MAX = 1_000;
const FILE_NAME_MAX = 200;
/** How many row errors an import refusal lists; the detail gives the full count. */
const ROW_ERRORS_LISTED = 100;
/** The most payments the review queue hands back at once, oldest first. */
const REVIEW_LIMIT = 500;

const CHASE_COLUMNS = `
  c.id::int as id, c.expected_payment_id as "expectedPaymentId", c.chased_on as "chasedOn",
  c.method, c.note, c.next_action_on as "nextActionOn",
  case when u.id is null then null else json_build_object('id', u.id, 'name', u.display_name) end
    as "chasedBy",
  ${isoTime('c.created_at')} as "recordedAt"`;

const isKind = (value: string): value is ExpectedPaymentKind =>
  (EXPECTED_PAYMENT_KINDS as readonly string[]).includes(value);
const isMethod = (value: string): value is PaymentChaseMethod =>
  (PAYMENT_CHASE_METHODS as readonly string[]).includes(value);

/**
 * Payment tracking (FIN-4) for one caller: expected payments from each practice's contract and
 * schedules or added by hand, imported statements matched to them automatically or by a
 * person, and the ageing list of what is overdue with its owner and chases. Central finance
 * does the work for every practice; a practice's people read their own practice's expected
 * payments, ageing and chases, and nothing of another practice's.
 */
export function paymentsRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  const { orgId, principal } = access;
  const practicesSeen = (what: string) => {
    const reach = access.reach('finance:read', what);
    return reach.kind === 'practices' ? reach.practiceIds : null;
  };
  const practiceOf = async (q: Queryable, practiceId: string): Promise<FinancePractice> => {
    const { rows } = await q.query<FinancePractice>(
      'select id, ods_code as "odsCode", name from practice where org_id = $1 and id = $2',
      [orgId, practiceId],
    );
    const practice = rows[0];
    if (!practice) throw invalid('/practiceId', 'is not a practice of this organisation');
    return practice;
  };
  /** One expected payment the caller may see, or 404 (another practice's looks the same). */
  const seenPayment = async (q: Queryable, id: string, what: string) => {
    const allowed = practicesSeen(what);
    const [payment] = await loadExpected(q, orgId, { ids: [id], practiceIds: allowed });
    if (!payment) throw notFound('The expected payment');
    return payment;
  };

  return {
    /** Adds a payment a practice expects by hand (central finance; audited). */
    async addExpected(input: ExpectedPaymentInput): Promise<ExpectedPaymentRecord> {
      access.requireOrganisation('finance:manage', 'add expected payments');
      if (!isKind(input.kind)) {
        throw invalid('/kind', `Must be one of ${EXPECTED_PAYMENT_KINDS.join(', ')}`);
      }
      const payer = input.payer.trim();
      if (payer.length === 0 || payer.length > TEXT_MAX) {
        throw invalid('/payer', `Who pays it, 1 to ${String(TEXT_MAX)} characters`);
      }
      const reference = input.reference?.trim() || null;
      if (reference !== null && reference.length > TEXT_MAX) {
        throw invalid('/reference', `At most ${String(TEXT_MAX)} characters`);
      }
      const description = input.description?.trim() ?? '';
      if (description.length > DESCRIPTION_MAX) {
        throw invalid('/description', `At most ${String(DESCRIPTION_MAX)} characters`);
      }
      if (
        !isPence(input.amountPence) ||
        input.amountPence <= 0 ||
        input.amountPence > MAX_AMOUNT_PENCE
      ) {
        throw invalid('/amountPence', 'Whole pence above nil, e.g. 12345 for £123.45');
      }
      const dueOn = checkedDate(input.dueOn, '/dueOn');
      return db.transaction(async (tx) => {
        const practice = await practiceOf(tx, input.practiceId);
        const { rows } = await tx.query<{ id: string }>(
          `insert into expected_payment
             (org_id, practice_id, kind, payer, reference, description, amount_pence, due_on, created_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
          [
            orgId,
            practice.id,
            input.kind,
            payer,
            reference,
            description,
            input.amountPence,
            dueOn,
            principal.userId,
          ],
        );
        const id = rows[0]?.id ?? '';
        await writeAudit(tx, [
          access.audit('finance:manage', 'expected-payment.add', 'expected-payment', id, {
            practiceId: practice.id,
          }),
        ]);
        const [payment] = await loadExpected(tx, orgId, { ids: [id] });
        if (!payment) throw new Error('expected payment insert returned no row');
        return payment;
      });
    },

    /**
     * Works out a practice's expected payments for a financial year from its contract (the
     * domain's schedule) and stores those not stored before: running it again adds nothing.
     * The weighted list defaults to the latest recorded on or before 1 April, the rate to the
     * year's published global sum. Central finance; audited.
     */
    async generateSchedule(input: ScheduleRequest): Promise<ScheduleResult> {
      access.requireOrganisation('finance:manage', 'generate payment schedules');
      const year = input.financialYear;
      if (!Number.isSafeInteger(year) || year < 2000 || year > 2998) {
        throw invalid('/financialYear', 'A financial year such as 2026 (for 2026/27)');
      }
      const rate =
        input.globalSumPencePerWeightedPatient ?? GLOBAL_SUM_PENCE_PER_WEIGHTED_PATIENT[year];
      if (rate === undefined) {
        throw invalid(
          '/globalSumPencePerWeightedPatient',
          `No global sum is published here for ${String(year)}: give the pence per weighted patient`,
        );
      }
      return db.transaction(async (tx) => {
        const practice = await practiceOf(tx, input.practiceId);
        let weighted = input.weightedListSize;
        if (weighted === undefined) {
          const { rows } = await tx.query<{ size: number }>(
            `select weighted_list_size as size from practice_list_size
              where org_id = $1 and practice_id = $2 and date <= $3
                and weighted_list_size is not null
              order by date desc limit 1`,
            [orgId, practice.id, `${String(year)}-04-01`],
          );
          weighted = rows[0]?.size;
          if (weighted === undefined) {
            throw invalid(
              '/weightedListSize',
              `${practice.name} has no weighted list recorded on or before 1 April ${String(year)}: give it`,
            );
          }
        }
        const schedule = expectedSchedule({
          financialYear: year,
          odsCode: practice.odsCode,
          commissioner: input.commissioner ?? DEFAULT_COMMISSIONER,
          weightedListSize: weighted,
          globalSumPencePerWeightedPatient: rate,
          qofLastYearAchievementPence: input.qofLastYearAchievementPence,
          qofAchievementPence: input.qofAchievementPence,
          enhancedServices: input.enhancedServices,
          trainingGrants: input.trainingGrants,
        });
        const written = await insertExpectedPayments(
          tx,
          orgId,
          practice.id,
          schedule,
          principal.userId,
        );
        await writeAudit(tx, [
          access.audit('finance:manage', 'expected-payment.schedule', 'practice', practice.id, {
            practiceId: practice.id,
            reason: `${String(year)}: ${String(written.created)} added, ${String(written.existing)} already there`,
          }),
        ]);
        return {
          practice,
          financialYear: year,
          created: written.created,
          existing: written.existing,
          payments: await loadExpected(tx, orgId, { ids: written.ids }),
        };
      });
    },

    /** Expected payments due in [from, to] the caller may see, received or not. */
    async listExpected(filter: {
      from: string;
      to: string;
      practiceId?: string | undefined;
      status?: 'outstanding' | 'received' | 'all' | undefined;
    }): Promise<ExpectedPaymentRecord[]> {
      const allowed = practicesSeen('see expected payments');
      const period = checkedPeriod(filter.from, filter.to);
      if (
        filter.practiceId !== undefined &&
        allowed !== null &&
        !allowed.includes(filter.practiceId)
      ) {
        throw notFound('The practice');
      }
      return loadExpected(db, orgId, {
        practiceIds: filter.practiceId !== undefined ? [filter.practiceId] : allowed,
        from: period.from,
        to: period.to,
        status: filter.status,
      });
    },

    /**
     * Reads a CSV statement and imports it all or nothing, matching what the rules can (central
     * finance; audited). A statement with any bad row is refused listing the rows, and nothing
     * is written; the same statement imported twice is refused the second time.
     */
    async importStatement(input: {
      fileName?: string | null | undefined;
      csv: string;
    }): Promise<ImportResult> {
      access.requireOrganisation('finance:manage', 'import payment statements');
      const fileName = input.fileName?.trim() || null;
      if (fileName !== null && fileName.length > FILE_NAME_MAX) {
        throw invalid('/fileName', `At most ${String(FILE_NAME_MAX)} characters`);
      }
      const reading = readPaymentStatement(input.csv);
      if (!reading.ok) {
        const count = reading.errors.length;
        const listed = reading.errors.slice(0, ROW_ERRORS_LISTED);
        throw new AtscaleError(
          'validation-failed',
          `/csv: the statement has ${String(count)} error${count === 1 ? '' : 's'}${count > listed.length ? ` (the first ${String(listed.length)} are listed)` : ''}; nothing was imported`,
          listed.map((e) => ({
            field: '/csv',
            message: `Row ${String(e.row)}${e.field === 'row' || e.field === 'file' ? '' : `, ${e.field}`}: ${e.message}`,
          })),
        );
      }
      return db.transaction(async (tx) => {
        const result = await importStatementRows(
          tx,
          orgId,
          { fileName, rows: reading.rows },
          principal.userId,
        );
        await writeAudit(tx, [
          access.audit(
            'finance:manage',
            'payment-import.create',
            'payment-import',
            result.import.id,
            {
              reason: `${String(result.import.rowCount)} payments, ${String(result.matched)} matched`,
            },
          ),
        ]);
        return result;
      });
    },

    /**
     * Received payments nobody has matched (central finance), oldest first, each with the
     * expected payments it might settle and why the rules did not match it.
     */
    async reviewQueue(): Promise<{ payments: ReviewItem[]; total: number }> {
      access.requireOrganisation('finance:manage', 'review unmatched payments');
      return db.transaction(async (tx) => {
        const { rows: waiting } = await tx.query<Omit<ReviewItem, 'candidates' | 'reason'>>(
          `select r.id, r.import_id as "importId", i.file_name as "fileName", r.row_number as row,
                  r.received_on as "receivedOn", r.payer, r.reference, r.amount_pence as "amountPence"
             from received_payment r
             join payment_import i on i.org_id = r.org_id and i.id = r.import_id
            where r.org_id = $1
              and not exists (select 1 from payment_match m where m.received_payment_id = r.id)
            order by r.received_on, i.created_at, r.row_number`,
          [orgId],
        );
        const shown = waiting.slice(0, REVIEW_LIMIT);
        const amounts = [...new Set(shown.map((r) => r.amountPence))];
        const { rows: open } = await tx.query<CandidatePayment>(
          `select e.id, e.kind, e.payer, e.reference, e.amount_pence as "amountPence",
                  e.due_on as "dueOn", ${practiceJson} as practice
             from expected_payment e join practice p on p.org_id = e.org_id and p.id = e.practice_id
            where e.org_id = $1 and e.amount_pence = any($2::bigint[])
              and not exists (select 1 from payment_match m where m.expected_payment_id = e.id)
            order by e.due_on, e.id`,
          [orgId, amounts],
        );
        const byId = new Map(open.map((e) => [e.id, e]));
        const payments = shown.map((r): ReviewItem => {
          const pool = open.filter((e) => e.amountPence === r.amountPence);
          const result: MatchResult = matchPayment(r, pool);
          const ids = result.kind === 'matched' ? [result.expectedId] : result.candidateIds;
          const reason =
            result.kind === 'matched'
              ? `Fits an expected payment by ${result.rule === 'reference' ? 'reference' : 'amount, payer and date'} added or freed since the import: confirm it`
              : result.reason;
          return {
            ...r,
            candidates: ids.flatMap((id) => {
              const c = byId.get(id);
              return c ? [c] : [];
            }),
            reason,
          };
        });
        return { payments, total: waiting.length };
      });
    },

    /**
     * Matches a received payment to an expected one by hand (central finance; audited). Only
     * the same amount settles a payment: a different amount is refused (409), as is either
     * payment already matched.
     */
    async match(input: {
      receivedPaymentId: string;
      expectedPaymentId: string;
    }): Promise<PaymentMatch> {
      access.requireOrganisation('finance:manage', 'match payments');
      return db.transaction(async (tx) => {
        await lockPayments(tx, orgId);
        const { rows: received } = await tx.query<{
          amountPence: number;
          matched: boolean;
        }>(
          `select r.amount_pence as "amountPence",
                  exists (select 1 from payment_match m where m.received_payment_id = r.id) as matched
             from received_payment r where r.org_id = $1 and r.id = $2`,
          [orgId, input.receivedPaymentId],
        );
        const r = received[0];
        if (!r) throw notFound('The received payment');
        const [e] = await loadExpected(tx, orgId, { ids: [input.expectedPaymentId] });
        if (!e) throw notFound('The expected payment');
        if (r.matched) {
          throw new AtscaleError(
            'conflict',
            'The received payment is matched already: unmatch it first',
          );
        }
        if (e.match) {
          throw new AtscaleError(
            'conflict',
            `The expected payment was received already on ${e.match.receivedOn}: unmatch that first`,
          );
        }
        if (r.amountPence !== e.amountPence) {
          throw new AtscaleError(
            'conflict',
            `The amounts differ: ${formatPounds(r.amountPence)} received, ${formatPounds(e.amountPence)} expected; only a payment of the same amount settles it`,
          );
        }
        let id: string;
        try {
          const { rows } = await tx.query<{ id: string }>(
            `insert into payment_match (org_id, received_payment_id, expected_payment_id, rule, matched_by)
             values ($1, $2, $3, 'manual', $4) returning id`,
            [orgId, input.receivedPaymentId, e.id, principal.userId],
          );
          id = rows[0]?.id ?? '';
        } catch (error) {
          if (sqlState(error) === UNIQUE_VIOLATION) {
            throw new AtscaleError('conflict', 'One of these payments was matched meanwhile');
          }
          throw error;
        }
        await tx.query(
          'update received_payment set practice_id = $3 where org_id = $1 and id = $2',
          [orgId, input.receivedPaymentId, e.practice.id],
        );
        await writeAudit(tx, [
          access.audit('finance:manage', 'payment-match.create', 'payment-match', id, {
            practiceId: e.practice.id,
          }),
        ]);
        const [matched] = await loadExpected(tx, orgId, { ids: [e.id] });
        if (!matched?.match) throw new Error('payment match insert returned no row');
        return matched.match;
      });
    },

    /** Undoes a match, by a rule or a person: both payments go back to waiting (audited). */
    async unmatch(matchId: string): Promise<{
      id: string;
      receivedPaymentId: string;
      expectedPaymentId: string;
    }> {
      access.requireOrganisation('finance:manage', 'unmatch payments');
      return db.transaction(async (tx) => {
        await lockPayments(tx, orgId);
        const { rows } = await tx.query<{
          id: string;
          receivedPaymentId: string;
          expectedPaymentId: string;
        }>(
          `delete from payment_match where org_id = $1 and id = $2
           returning id, received_payment_id as "receivedPaymentId",
                     expected_payment_id as "expectedPaymentId"`,
          [orgId, matchId],
        );
        const removed = rows[0];
        if (!removed) throw notFound('The payment match');
        // Statements name no practice: the practice came from the match, and goes with it.
        await tx.query(
          'update received_payment set practice_id = null where org_id = $1 and id = $2',
          [orgId, removed.receivedPaymentId],
        );
        const { rows: owner } = await tx.query<{ practiceId: string }>(
          'select practice_id as "practiceId" from expected_payment where org_id = $1 and id = $2',
          [orgId, removed.expectedPaymentId],
        );
        await writeAudit(tx, [
          access.audit('finance:manage', 'payment-match.delete', 'payment-match', removed.id, {
            practiceId: owner[0]?.practiceId ?? null,
          }),
        ]);
        return removed;
      });
    },

    /**
     * The ageing list on a day (today in England when not given): expected payments the caller
     * may see, not received and past due, by how overdue, with owner, last chase and next
     * action; totals per bucket per practice and overall.
     */
    async ageing(
      filter: { on?: string | undefined; practiceId?: string | undefined } = {},
    ): Promise<AgeingReport> {
      const allowed = practicesSeen('see the ageing of expected payments');
      const on = filter.on === undefined ? todayInEngland() : checkedDate(filter.on, '/on');
      if (
        filter.practiceId !== undefined &&
        allowed !== null &&
        !allowed.includes(filter.practiceId)
      ) {
        throw notFound('The practice');
      }
      const { rows } = await db.query<ExpectedPaymentRecord & { lastChase: PaymentChase | null }>(
        `select ${EXPECTED_COLUMNS},
                (select row_to_json(x) from (
                   select ${CHASE_COLUMNS}
                     from payment_chase c
                     left join app_user u on u.org_id = c.org_id and u.id = c.chased_by
                    where c.org_id = e.org_id and c.expected_payment_id = e.id
                    order by c.chased_on desc, c.id desc limit 1) x) as "lastChase"
           from ${EXPECTED_FROM}
          where e.org_id = $1 and m.id is null and e.due_on < $2
            and ($3::uuid[] is null or e.practice_id = any($3::uuid[]))
          order by e.due_on, p.name, e.kind, e.reference`,
        [orgId, on, filter.practiceId !== undefined ? [filter.practiceId] : allowed],
      );
      const items = rows.map((r): AgeingItem => {
        const bucket = ageingBucket(r.dueOn, on);
        return {
          ...r,
          daysOverdue: daysBetween(r.dueOn, on),
          bucket: bucket === 'not-due' ? '1-30' : bucket,
          nextActionOn: r.lastChase?.nextActionOn ?? null,
        };
      });
      const empty = (): {
        buckets: Record<OverdueBucket, Pence>;
        totalPence: Pence;
        count: number;
      } => ({
        buckets: { '1-30': 0, '31-60': 0, '61-90': 0, 'over-90': 0 },
        totalPence: 0,
        count: 0,
      });
      const add = (totals: ReturnType<typeof empty>, item: AgeingItem) => {
        totals.buckets[item.bucket] += item.amountPence;
        totals.totalPence += item.amountPence;
        totals.count += 1;
      };
      const perPractice = new Map<
        string,
        ReturnType<typeof empty> & { practice: FinancePractice }
      >();
      const total = empty();
      for (const item of items) {
        const entry = perPractice.get(item.practice.id) ?? { ...empty(), practice: item.practice };
        add(entry, item);
        perPractice.set(item.practice.id, entry);
        add(total, item);
      }
      const practices = [...perPractice.values()].sort(
        (a, b) =>
          a.practice.name.localeCompare(b.practice.name) ||
          a.practice.odsCode.localeCompare(b.practice.odsCode),
      );
      return { on, items, practices, total };
    },

    /**
     * Names who chases an expected payment, or nobody (central finance; audited). The owner is
     * a user of the organisation who may see the practice's finances.
     */
    async setOwner(
      expectedPaymentId: string,
      input: { ownerId: string | null },
    ): Promise<ExpectedPaymentRecord> {
      access.requireOrganisation('finance:manage', 'choose who chases payments');
      return db.transaction(async (tx) => {
        const payment = await seenPayment(tx, expectedPaymentId, 'see expected payments');
        if (input.ownerId !== null) {
          const { rows } = await tx.query<{ id: string }>(
            `select u.id from app_user u
              where u.org_id = $1 and u.id = $2 and u.disabled_at is null
                and exists (select 1 from role_grant g
                             where g.user_id = u.id and g.role = any($3::text[])
                               and (g.practice_id is null or g.practice_id = $4))`,
            [orgId, input.ownerId, PERMISSIONS['finance:read'], payment.practice.id],
          );
          if (!rows[0]) {
            throw invalid(
              '/ownerId',
              'is not a user of this organisation who may see this practice’s finances',
            );
          }
        }
        await tx.query('update expected_payment set owner_id = $3 where org_id = $1 and id = $2', [
          orgId,
          payment.id,
          input.ownerId,
        ]);
        await writeAudit(tx, [
          access.audit('finance:manage', 'expected-payment.owner', 'expected-payment', payment.id, {
            practiceId: payment.practice.id,
          }),
        ]);
        const [updated] = await loadExpected(tx, orgId, { ids: [payment.id] });
        if (!updated) throw notFound('The expected payment');
        return updated;
      });
    },

    /**
     * Records a chase of a payment not yet received: when, how, what was said and when to act
     * next (central finance, who chase for every practice; audited).
     */
    async recordChase(
      expectedPaymentId: string,
      input: {
        method: string;
        note?: string | null | undefined;
        chasedOn?: string | undefined;
        nextActionOn?: string | null | undefined;
      },
    ): Promise<PaymentChase> {
      access.requireOrganisation('finance:manage', 'chase payments');
      if (!isMethod(input.method)) {
        throw invalid('/method', `Must be one of ${PAYMENT_CHASE_METHODS.join(', ')}`);
      }
      const note = input.note?.trim() ?? '';
      if (note.length > CHASE_NOTE_MAX) {
        throw invalid('/note', `At most ${String(CHASE_NOTE_MAX)} characters`);
      }
      const today = todayInEngland();
      const chasedOn =
        input.chasedOn === undefined ? today : checkedDate(input.chasedOn, '/chasedOn');
      if (chasedOn > today)
        throw invalid('/chasedOn', 'A chase is recorded once it is done, not ahead');
      const nextActionOn =
        input.nextActionOn === undefined || input.nextActionOn === null
          ? null
          : checkedDate(input.nextActionOn, '/nextActionOn');
      if (nextActionOn !== null && nextActionOn < chasedOn) {
        throw invalid('/nextActionOn', 'The next action comes on or after the chase');
      }
      return db.transaction(async (tx) => {
        const payment = await seenPayment(tx, expectedPaymentId, 'see expected payments');
        if (payment.match) {
          throw new AtscaleError(
            'conflict',
            `This payment was received on ${payment.match.receivedOn}: there is nothing to chase`,
          );
        }
        const { rows } = await tx.query<{ id: number }>(
          `insert into payment_chase
             (org_id, expected_payment_id, chased_on, method, note, next_action_on, chased_by)
           values ($1, $2, $3, $4, $5, $6, $7) returning id::int as id`,
          [orgId, payment.id, chasedOn, input.method, note, nextActionOn, principal.userId],
        );
        const id = rows[0]?.id ?? 0;
        await writeAudit(tx, [
          access.audit('finance:manage', 'payment-chase.record', 'expected-payment', payment.id, {
            practiceId: payment.practice.id,
          }),
        ]);
        const chases = await loadChases(tx, payment.id);
        const chase = chases.find((c) => c.id === id);
        if (!chase) throw new Error('payment chase insert returned no row');
        return chase;
      });
    },

    /** The chases of an expected payment the caller may see, newest first. */
    async listChases(expectedPaymentId: string): Promise<PaymentChase[]> {
      const payment = await seenPayment(db, expectedPaymentId, 'see payment chases');
      return loadChases(db, payment.id);
    },
  };

  async function loadChases(q: Queryable, expectedPaymentId: string): Promise<PaymentChase[]> {
    const { rows } = await q.query<PaymentChase>(
      `select ${CHASE_COLUMNS}
         from payment_chase c
         left join app_user u on u.org_id = c.org_id and u.id = c.chased_by
        where c.org_id = $1 and c.expected_payment_id = $2
        order by c.chased_on desc, c.id desc`,
      [orgId, expectedPaymentId],
    );
    return rows;
  }
}

/** The payments repository a request handler is given. */
export type PaymentsRepository = ReturnType<typeof paymentsRepository>;
