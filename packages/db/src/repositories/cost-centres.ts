import {
  AtscaleError,
  assertIsoDate,
  assignCostCentre,
  can,
  canAt,
  costCentreCodeProblem,
  costCentreStatusOn,
  forbidden,
  MEMBER_STAGES,
  grantingRole,
  mergeCostCentres,
  normaliseCostCentreCode,
  notFound,
  sumByCostCentre,
  type CostCentreAssignment,
  type CostCentreNames,
  type IsoDate,
  type RecordedCostCentreMerge,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { todayInEngland } from './organisation-today.js';
import { writeAudit, type AuditEntry } from './audit.js';

/** A cost centre: a code unique in the organisation, and a name. */
export interface CostCentre {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** A practice in brief, as cost centre answers name it. */
export interface CostCentrePractice {
  readonly id: string;
  readonly odsCode: string;
  readonly name: string;
}

/** A practice in a cost centre on a date, and since when. */
export interface CostCentreMember extends CostCentrePractice {
  readonly since: IsoDate;
}

/** A cost centre as it stood on a date. */
export interface CostCentreOnDate extends CostCentre {
  /** open: it has practices; merged: a merge on or before the date took them; empty: neither. */
  readonly status: 'open' | 'merged' | 'empty';
  readonly practices: CostCentreMember[];
  /** For a merged cost centre, the one it merged into and from when; otherwise null. */
  readonly mergedInto: { readonly costCentre: CostCentre; readonly effectiveFrom: IsoDate } | null;
}

/** Every cost centre of the organisation on a date, and the practices in none. */
export interface CostCentreListing {
  readonly on: IsoDate;
  readonly costCentres: CostCentreOnDate[];
  readonly unassignedPractices: CostCentrePractice[];
}

/** One assignment of a practice to a cost centre from a date. */
export interface CostCentreAssignmentRecord {
  readonly id: string;
  readonly practice: CostCentrePractice;
  readonly costCentre: CostCentre;
  readonly effectiveFrom: IsoDate;
  readonly recordedAt: string;
}

/** One recorded merge. */
export interface CostCentreMergeRecord {
  readonly id: string;
  readonly from: CostCentre[];
  readonly into: CostCentre;
  readonly effectiveFrom: IsoDate;
  readonly reason: string | null;
  readonly recordedBy: { readonly id: string; readonly displayName: string } | null;
  readonly recordedAt: string;
}

/** Assignments and merges over time, oldest first. */
export interface CostCentreHistory {
  readonly assignments: CostCentreAssignmentRecord[];
  readonly merges: CostCentreMergeRecord[];
}

/** A merge to make: the cost centres, the surviving one (existing, or new), the date, why. */
export interface CostCentreMergeRequest {
  readonly from: readonly string[];
  readonly into:
    { readonly costCentreId: string } | { readonly code: string; readonly name: string };
  readonly effectiveFrom: IsoDate;
  readonly reason: string;
}

/** What a merge did: its record and the assignments it added. */
export interface CostCentreMergeResult {
  readonly merge: CostCentreMergeRecord;
  readonly assignments: CostCentreAssignmentRecord[];
}

/** A practice's list size on a date, and the count it came from. */
export interface PracticeListSizeOnDate extends CostCentrePractice {
  readonly listSize: number;
  readonly countedOn: IsoDate;
}

/** List sizes summed by cost centre on a date. */
export interface ListSizeByCostCentre {
  readonly on: IsoDate;
  readonly costCentres: (CostCentre & {
    readonly listSize: number;
    readonly practices: PracticeListSizeOnDate[];
  })[];
  /** Practices with a list size on the date but no cost centre then: counted, never dropped. */
  readonly unassigned: { readonly listSize: number; readonly practices: PracticeListSizeOnDate[] };
  /** The organisation's total on the date: the sum of every row above. */
  readonly total: number;
}

const NAME_MAX = 100;
const REASON_MAX = 500;

// Times as ISO 8601 in UTC, the same text from PGlite and from pg whatever the session's zone.
const isoTime = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ISO_CREATED_AT = isoTime('created_at');

const practiceLabel = (practice: CostCentrePractice) => `${practice.name} (${practice.odsCode})`;
const centreLabel = (centre: CostCentre) => `${centre.code} ${centre.name}`;

interface AssignmentRow {
  readonly id: string;
  readonly practiceId: string;
  readonly costCentreId: string;
  readonly effectiveFrom: IsoDate;
  readonly recordedAt: string;
}

interface MergeRow {
  readonly id: string;
  readonly from: string[];
  readonly into: string;
  readonly effectiveFrom: IsoDate;
  readonly reason: string | null;
  readonly recordedById: string | null;
  readonly recordedByName: string | null;
  readonly recordedAt: string;
}

/**
 * The organisation's cost centre assignments and merges as the domain's rules take them: what
 * reports need to attribute ledger lines to the centre that carries them on a date.
 */
export async function costCentreHistory(
  q: Queryable,
  orgId: string,
): Promise<{ assignments: CostCentreAssignment[]; merges: RecordedCostCentreMerge[] }> {
  const [assignments, merges] = [
    await q.query<CostCentreAssignment>(
      `select practice_id as "practiceId", cost_centre_id as "costCentreId",
              effective_from as "effectiveFrom"
         from cost_centre_assignment where org_id = $1
        order by effective_from, created_at, id`,
      [orgId],
    ),
    await q.query<RecordedCostCentreMerge>(
      `select id, from_cost_centre_ids::text[] as "from", into_cost_centre_id as "into",
              effective_from as "effectiveFrom"
         from cost_centre_merge where org_id = $1
        order by effective_from, created_at, id`,
      [orgId],
    ),
  ];
  return { assignments: assignments.rows, merges: merges.rows };
}

/** Everything about the organisation's cost centres, read in one go (a few hundred rows at most). */
async function loadAll(db: Queryable, orgId: string) {
  const [centres, practices, assignments, merges] = [
    await db.query<CostCentre>(
      'select id, code, name from cost_centre where org_id = $1 order by code',
      [orgId],
    ),
    // Members, and any practice that ever had a cost centre; prospects are not yet in the books.
    await db.query<CostCentrePractice>(
      `select p.id, p.ods_code as "odsCode", p.name from practice p
        where p.org_id = $1
          and (coalesce((select m.stage from membership m where m.practice_id = p.id), 'member')
                 = any($2::text[])
               or exists (select 1 from cost_centre_assignment a
                           where a.org_id = p.org_id and a.practice_id = p.id))
        order by p.name, p.ods_code`,
      [orgId, MEMBER_STAGES],
    ),
    await db.query<AssignmentRow>(
      `select id, practice_id as "practiceId", cost_centre_id as "costCentreId",
              effective_from as "effectiveFrom", ${ISO_CREATED_AT} as "recordedAt"
         from cost_centre_assignment where org_id = $1
        order by effective_from, created_at, id`,
      [orgId],
    ),
    await db.query<MergeRow>(
      `select m.id, m.from_cost_centre_ids::text[] as "from", m.into_cost_centre_id as "into",
              m.effective_from as "effectiveFrom", m.reason, m.recorded_by as "recordedById",
              u.display_name as "recordedByName", ${isoTime('m.created_at')} as "recordedAt"
         from cost_centre_merge m
         left join app_user u on u.org_id = m.org_id and u.id = m.recorded_by
        where m.org_id = $1
        order by m.effective_from, m.created_at, m.id`,
      [orgId],
    ),
  ];
  const centreById = new Map(centres.rows.map((c) => [c.id, c]));
  const practiceById = new Map(practices.rows.map((p) => [p.id, p]));
  const centre = (id: string): CostCentre =>
    centreById.get(id) ?? { id, code: '?', name: 'Unknown cost centre' };
  const practice = (id: string): CostCentrePractice =>
    practiceById.get(id) ?? { id, odsCode: '?', name: 'Unknown practice' };
  const names: CostCentreNames = {
    practice: (id) => practiceLabel(practice(id)),
    costCentre: (id) => centreLabel(centre(id)),
  };
  const domainAssignments: CostCentreAssignment[] = assignments.rows.map((a) => ({
    practiceId: a.practiceId,
    costCentreId: a.costCentreId,
    effectiveFrom: a.effectiveFrom,
  }));
  const domainMerges: RecordedCostCentreMerge[] = merges.rows.map((m) => ({
    id: m.id,
    from: m.from,
    into: m.into,
    effectiveFrom: m.effectiveFrom,
  }));
  const toAssignment = (a: AssignmentRow): CostCentreAssignmentRecord => ({
    id: a.id,
    practice: practice(a.practiceId),
    costCentre: centre(a.costCentreId),
    effectiveFrom: a.effectiveFrom,
    recordedAt: a.recordedAt,
  });
  const toMerge = (m: MergeRow): CostCentreMergeRecord => ({
    id: m.id,
    from: m.from.map(centre),
    into: centre(m.into),
    effectiveFrom: m.effectiveFrom,
    reason: m.reason,
    recordedBy:
      m.recordedById === null
        ? null
        : { id: m.recordedById, displayName: m.recordedByName ?? 'Unknown user' },
    recordedAt: m.recordedAt,
  });
  return {
    centres: centres.rows,
    practices: practices.rows,
    assignmentRows: assignments.rows,
    mergeRows: merges.rows,
    domainAssignments,
    domainMerges,
    centre,
    centreById,
    practice,
    practiceById,
    names,
    toAssignment,
    toMerge,
  };
}

/** Each practice's current assignment on a date: the latest on or before it. */
function assignmentsOn(rows: readonly AssignmentRow[], date: IsoDate): Map<string, AssignmentRow> {
  const current = new Map<string, AssignmentRow>();
  // Rows come ordered by date, so the last one seen on or before the date wins.
  for (const row of rows) if (row.effectiveFrom <= date) current.set(row.practiceId, row);
  return current;
}

/**
 * Cost centres for one caller (ORG-3). Anyone in the organisation may read them; creating,
 * assigning and merging need `cost-centres:manage` across the organisation, since a cost centre
 * belongs to the whole organisation. Every write takes the organisation's cost centre lock, runs
 * the domain's history rules on what is stored, and writes its audit rows in the same transaction.
 */
export function costCentreRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;
  const requireRead = () => {
    if (!can(principal, 'organisation:read')) throw forbidden('see cost centres');
  };
  const requireManage = () => {
    if (!canAt(principal, 'cost-centres:manage', { orgId })) throw forbidden('manage cost centres');
  };
  const audit = (
    action: string,
    entityType: string,
    entityId: string,
    reason: string | null = null,
  ): AuditEntry => ({
    orgId,
    userId: principal.userId,
    role: grantingRole(principal, 'cost-centres:manage', { orgId }),
    action,
    entityType,
    entityId,
    patientId: null,
    reason,
    requestId,
  });
  // One writer at a time per organisation: a merge reads every assignment and adds to them, so
  // an assignment made meanwhile would slip past its history check.
  const lock = (tx: Queryable) =>
    tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`cost-centres:${orgId}`]);

  const checkedDate = (date: string, field: string): IsoDate => {
    assertIsoDate(date, field);
    return date;
  };

  const insertCentre = async (
    tx: Queryable,
    input: { code: string; name: string },
    fields: { code: string; name: string },
  ): Promise<CostCentre> => {
    const code = normaliseCostCentreCode(input.code);
    const name = input.name.trim();
    const problems = [
      { field: fields.code, message: costCentreCodeProblem(code) },
      {
        field: fields.name,
        message:
          name === ''
            ? 'Enter a name'
            : name.length > NAME_MAX
              ? `A name is at most ${NAME_MAX} characters`
              : null,
      },
    ].filter((p): p is { field: string; message: string } => p.message !== null);
    const first = problems[0];
    if (first) {
      throw new AtscaleError('validation-failed', `${first.field}: ${first.message}`, problems);
    }
    const { rows } = await tx.query<CostCentre>(
      `insert into cost_centre (org_id, code, name) values ($1, $2, $3)
       on conflict (org_id, code) do nothing
       returning id, code, name`,
      [orgId, code, name],
    );
    const created = rows[0];
    if (!created) {
      throw new AtscaleError('conflict', `A cost centre with the code ${code} already exists`, [
        { field: fields.code, message: `${code} is already used` },
      ]);
    }
    return created;
  };

  return {
    /** Every cost centre with the practices in it on a date (default today), by code. */
    async list(on: string = todayInEngland()): Promise<CostCentreListing> {
      requireRead();
      const date = checkedDate(on, 'on');
      const all = await loadAll(db, orgId);
      const current = assignmentsOn(all.assignmentRows, date);
      const members = new Map<string, CostCentreMember[]>();
      for (const row of current.values()) {
        const list = members.get(row.costCentreId) ?? [];
        list.push({ ...all.practice(row.practiceId), since: row.effectiveFrom });
        members.set(row.costCentreId, list);
      }
      const costCentres = all.centres.map((centre): CostCentreOnDate => {
        const status = costCentreStatusOn(all.domainAssignments, all.domainMerges, centre.id, date);
        const practices = (members.get(centre.id) ?? []).sort((a, b) =>
          a.name.localeCompare(b.name),
        );
        return {
          ...centre,
          status: status.kind,
          practices,
          mergedInto:
            status.kind === 'merged'
              ? { costCentre: all.centre(status.into), effectiveFrom: status.effectiveFrom }
              : null,
        };
      });
      const unassignedPractices = all.practices.filter((p) => !current.has(p.id));
      return { on: date, costCentres, unassignedPractices };
    },

    /** Every assignment and merge, oldest first: nothing is ever removed from either. */
    async history(): Promise<CostCentreHistory> {
      requireRead();
      const all = await loadAll(db, orgId);
      return {
        assignments: all.assignmentRows.map(all.toAssignment),
        merges: all.mergeRows.map(all.toMerge),
      };
    },

    /** A new cost centre, with no practices yet; the code is stored in capitals. */
    async create(input: { code: string; name: string }): Promise<CostCentre> {
      requireManage();
      return db.transaction(async (tx) => {
        await lock(tx);
        const centre = await insertCentre(tx, input, { code: '/code', name: '/name' });
        await writeAudit(tx, [audit('cost-centre.create', 'cost-centre', centre.id)]);
        return centre;
      });
    },

    /**
     * Moves a practice to a cost centre from a date. History is only added to: a date on or
     * before the practice's latest assignment is refused (conflict).
     */
    async assign(input: {
      practiceId: string;
      costCentreId: string;
      effectiveFrom: string;
    }): Promise<CostCentreAssignmentRecord> {
      requireManage();
      const effectiveFrom = checkedDate(input.effectiveFrom, '/effectiveFrom');
      return db.transaction(async (tx) => {
        await lock(tx);
        const all = await loadAll(tx, orgId);
        if (!all.practiceById.has(input.practiceId)) throw notFound('The practice');
        if (!all.centreById.has(input.costCentreId)) throw notFound('The cost centre');
        assignCostCentre(
          all.domainAssignments,
          { practiceId: input.practiceId, costCentreId: input.costCentreId, effectiveFrom },
          all.names,
        );
        const { rows } = await tx.query<AssignmentRow>(
          `insert into cost_centre_assignment (org_id, practice_id, cost_centre_id, effective_from)
           values ($1, $2, $3, $4)
           returning id, practice_id as "practiceId", cost_centre_id as "costCentreId",
                     effective_from as "effectiveFrom", ${ISO_CREATED_AT} as "recordedAt"`,
          [orgId, input.practiceId, input.costCentreId, effectiveFrom],
        );
        const row = rows[0];
        if (!row) throw new Error('assignment insert returned no row');
        await writeAudit(tx, [
          audit('cost-centre.assign', 'cost-centre-assignment', row.id, `from ${effectiveFrom}`),
        ]);
        return all.toAssignment(row);
      });
    },

    /**
     * Merges cost centres from a date (ORG-3), in one transaction: every practice in one of
     * `from` on that date moves to `into` from then; earlier assignments stay, so reports for
     * earlier dates still add up by the old cost centres. `into` may be one of `from`, another
     * existing cost centre, or a new one made here (undone with the merge if the merge fails).
     */
    async merge(request: CostCentreMergeRequest): Promise<CostCentreMergeResult> {
      requireManage();
      const effectiveFrom = checkedDate(request.effectiveFrom, '/effectiveFrom');
      const reason = request.reason.trim();
      if (reason === '' || reason.length > REASON_MAX) {
        const message =
          reason === '' ? 'Enter why the cost centres merge' : `At most ${REASON_MAX} characters`;
        throw new AtscaleError('validation-failed', `reason: ${message}`, [
          { field: '/reason', message },
        ]);
      }
      const from = [...new Set(request.from)];
      const fromProblem =
        from.length === 0
          ? 'Choose the cost centres to merge'
          : from.length !== request.from.length
            ? 'Name each cost centre once'
            : null;
      if (fromProblem !== null) {
        throw new AtscaleError('validation-failed', `from: ${fromProblem}`, [
          { field: '/from', message: fromProblem },
        ]);
      }
      return db.transaction(async (tx) => {
        await lock(tx);
        const before = await loadAll(tx, orgId);
        from.forEach((id, index) => {
          if (!before.centreById.has(id)) {
            throw new AtscaleError('not-found', 'The cost centre was not found', [
              { field: `/from/${index}`, message: 'is not a cost centre of this organisation' },
            ]);
          }
        });
        let into: CostCentre;
        const created: CostCentre[] = [];
        if ('costCentreId' in request.into) {
          const existing = before.centreById.get(request.into.costCentreId);
          if (!existing) {
            throw new AtscaleError('not-found', 'The surviving cost centre was not found', [
              { field: '/into/costCentreId', message: 'is not a cost centre of this organisation' },
            ]);
          }
          into = existing;
        } else {
          into = await insertCentre(tx, request.into, {
            code: '/into/code',
            name: '/into/name',
          });
          created.push(into);
        }
        const names: CostCentreNames = {
          ...before.names,
          costCentre: (id) => (id === into.id ? centreLabel(into) : centreLabel(before.centre(id))),
        };
        const after = mergeCostCentres(
          before.domainAssignments,
          { from, into: into.id, effectiveFrom },
          names,
        );
        const added = after.slice(before.domainAssignments.length);
        if (added.length === 0) {
          const message = `No practice moves: every practice in these cost centres on ${effectiveFrom} is already in ${centreLabel(into)}`;
          throw new AtscaleError('validation-failed', message, [{ field: '/from', message }]);
        }
        const { rows: inserted } = await tx.query<AssignmentRow>(
          `insert into cost_centre_assignment (org_id, practice_id, cost_centre_id, effective_from)
           select $1, a.practice_id, $2, $3
             from unnest($4::uuid[]) as a(practice_id)
           returning id, practice_id as "practiceId", cost_centre_id as "costCentreId",
                     effective_from as "effectiveFrom", ${ISO_CREATED_AT} as "recordedAt"`,
          [orgId, into.id, effectiveFrom, added.map((a) => a.practiceId)],
        );
        const { rows: merges } = await tx.query<MergeRow>(
          `insert into cost_centre_merge
             (org_id, from_cost_centre_ids, into_cost_centre_id, effective_from, reason, recorded_by)
           values ($1, $2::uuid[], $3, $4, $5, $6)
           returning id, from_cost_centre_ids::text[] as "from", into_cost_centre_id as "into",
                     effective_from as "effectiveFrom", reason, recorded_by as "recordedById",
                     null::text as "recordedByName", ${ISO_CREATED_AT} as "recordedAt"`,
          [orgId, from, into.id, effectiveFrom, reason, principal.userId],
        );
        const mergeRow = merges[0];
        if (!mergeRow) throw new Error('merge insert returned no row');
        await writeAudit(tx, [
          ...created.map((centre) => audit('cost-centre.create', 'cost-centre', centre.id)),
          audit('cost-centre.merge', 'cost-centre-merge', mergeRow.id, reason),
          ...inserted.map((row) =>
            audit(
              'cost-centre.assign',
              'cost-centre-assignment',
              row.id,
              `merge ${mergeRow.id} from ${effectiveFrom}`,
            ),
          ),
        ]);
        const { rows: users } = await tx.query<{ displayName: string }>(
          'select display_name as "displayName" from app_user where org_id = $1 and id = $2',
          [orgId, principal.userId],
        );
        const centreOf = (id: string) => (id === into.id ? into : before.centre(id));
        return {
          merge: {
            ...before.toMerge({ ...mergeRow, recordedByName: users[0]?.displayName ?? null }),
            from: mergeRow.from.map(centreOf),
            into,
          },
          assignments: inserted.map((row) => ({
            ...before.toAssignment(row),
            costCentre: into,
          })),
        };
      });
    },

    /**
     * Practices' list sizes on a date (the latest count on or before it), summed by the cost
     * centre each practice was in on that date. Every practice counted lands in a cost centre
     * or in `unassigned`, so with unchanged list sizes a report before a merge and one after it
     * add up to the same organisation total.
     */
    async listSizeByCostCentre(on: string = todayInEngland()): Promise<ListSizeByCostCentre> {
      requireRead();
      const date = checkedDate(on, 'on');
      const all = await loadAll(db, orgId);
      const { rows: counts } = await db.query<{
        practiceId: string;
        listSize: number;
        countedOn: IsoDate;
      }>(
        `select distinct on (practice_id) practice_id as "practiceId", list_size as "listSize",
                date as "countedOn"
           from practice_list_size
          where org_id = $1 and date <= $2
          order by practice_id, date desc`,
        [orgId, date],
      );
      const current = assignmentsOn(all.assignmentRows, date);
      const known = new Set(all.practices.map((p) => p.id));
      const counted = counts.filter((c) => known.has(c.practiceId));
      const assigned = counted.filter((c) => current.has(c.practiceId));
      const totals = sumByCostCentre(
        all.domainAssignments,
        assigned.map((c) => ({ practiceId: c.practiceId, date, quantity: c.listSize })),
        'patients',
        all.names,
      );
      const withPractice = (c: (typeof counts)[number]): PracticeListSizeOnDate => ({
        ...all.practice(c.practiceId),
        listSize: c.listSize,
        countedOn: c.countedOn,
      });
      const byName = (a: PracticeListSizeOnDate, b: PracticeListSizeOnDate) =>
        a.name.localeCompare(b.name);
      const costCentres = totals
        .map((t) => ({
          ...all.centre(t.costCentreId),
          listSize: t.quantity,
          practices: assigned
            .filter((c) => current.get(c.practiceId)?.costCentreId === t.costCentreId)
            .map(withPractice)
            .sort(byName),
        }))
        .sort((a, b) => a.code.localeCompare(b.code));
      const unassignedPractices = counted
        .filter((c) => !current.has(c.practiceId))
        .map(withPractice)
        .sort(byName);
      const unassigned = {
        listSize: unassignedPractices.reduce((sum, p) => sum + p.listSize, 0),
        practices: unassignedPractices,
      };
      const total =
        costCentres.reduce((sum, centre) => sum + centre.listSize, 0) + unassigned.listSize;
      return { on: date, costCentres, unassigned, total };
    },
  };
}

/** The cost centre repository a request handler is given. */
export type CostCentreRepository = ReturnType<typeof costCentreRepository>;
