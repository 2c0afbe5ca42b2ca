import {
  AtscaleError,
  DUE_DILIGENCE_ITEMS,
  MEMBERSHIP_STAGE_LABELS,
  assertIsoDate,
  canAt,
  dueDiligenceSummary,
  forbidden,
  grantingRole,
  nextStages,
  notFound,
  odsCodeProblem,
  transition,
  type DueDiligenceItem,
  type DueDiligenceItemKind,
  type DueDiligenceSummary,
  type IsoDate,
  type MembershipDecision,
  type MembershipStage,
  type OrganisationForm,
  type RagRating,
  type SigningDocument,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { loadOrganisationFormHistory, organisationFormOn } from './form-changes.js';
import { todayInEngland } from './organisation-today.js';
import { writeAudit } from './audit.js';

/** Someone who did something, as the membership screens name them. */
export interface MembershipActor {
  readonly id: string;
  readonly displayName: string;
}

/** Counts of a practice's due-diligence checklist by rating, for the pipeline board. */
export interface DueDiligenceCounts {
  readonly red: number;
  readonly amber: number;
  readonly green: number;
  readonly unrated: number;
  /** Every item rated with evidence: the decision can be taken. */
  readonly complete: boolean;
}

/** One practice on the membership pipeline board. */
export interface MembershipCard {
  readonly practiceId: string;
  readonly odsCode: string;
  readonly name: string;
  readonly stage: MembershipStage;
  /** The date the practice entered its current stage. */
  readonly stageSince: IsoDate;
  readonly listSize: number | null;
  readonly listSizeDate: IsoDate | null;
  readonly dueDiligence: DueDiligenceCounts;
}

/** The pipeline board: the form in force today and every practice with its stage. */
export interface MembershipPipeline {
  readonly form: OrganisationForm;
  readonly practices: MembershipCard[];
}

/** One item of a practice's due-diligence checklist; unrated items have rating null. */
export interface ChecklistItem {
  readonly item: DueDiligenceItemKind;
  readonly rating: RagRating | null;
  readonly evidence: string;
  /** Who last rated it, and when (ISO timestamp); null for an item nobody has touched. */
  readonly assessedBy: MembershipActor | null;
  readonly assessedAt: string | null;
}

/** One recorded move between membership stages. */
export interface MembershipHistoryEntry {
  readonly id: number;
  /** Null for the first entry: the enquiry that started the membership. */
  readonly from: MembershipStage | null;
  readonly to: MembershipStage;
  readonly on: IsoDate;
  readonly decision: MembershipDecision | null;
  readonly signingDocument: SigningDocument | null;
  readonly listStaysWithOrganisation: boolean | null;
  readonly note: string | null;
  readonly changedBy: MembershipActor | null;
  /** When it was recorded (ISO timestamp). */
  readonly recordedAt: string;
}

/** A practice's membership in full: stage, what has been decided, checklist and history. */
export interface MembershipDetail {
  readonly practice: { readonly id: string; readonly odsCode: string; readonly name: string };
  readonly stage: MembershipStage;
  readonly stageSince: IsoDate;
  /** The stages it may move to next. */
  readonly nextStages: MembershipStage[];
  /** The organisation's form in force today: it decides the signing document and the list. */
  readonly form: OrganisationForm;
  readonly signingDocument: SigningDocument | null;
  readonly decision: MembershipDecision | null;
  readonly listStaysWithOrganisation: boolean | null;
  /** Whether the checklist can still be rated at this stage. */
  readonly checklistOpen: boolean;
  /** All seven checklist items, in checklist order, rated or not. */
  readonly checklist: ChecklistItem[];
  readonly dueDiligence: {
    readonly counts: DueDiligenceSummary['counts'];
    readonly unrated: DueDiligenceItemKind[];
    readonly withoutEvidence: DueDiligenceItemKind[];
    readonly complete: boolean;
  };
  /** Stage changes, oldest first. */
  readonly history: MembershipHistoryEntry[];
}

/** A practice that has enquired about joining. */
export interface NewEnquiry {
  readonly odsCode: string;
  readonly name: string;
  /** The date of the enquiry; today (in England) when left out. */
  readonly on?: string | undefined;
}

/** A rating of one checklist item. */
export interface ItemRating {
  /** Null records evidence without a rating yet. */
  readonly rating: RagRating | null;
  readonly evidence: string;
}

/** A move to another stage. */
export interface StageMove {
  /** The date of the move; today (in England) when left out. */
  readonly on?: string | undefined;
  /** Who decided and why: required when leaving `decision` for `signed` or `declined`. */
  readonly decision?: MembershipDecision | undefined;
  readonly note?: string | undefined;
}

/** The stages in which the due-diligence checklist may still be rated. */
export const CHECKLIST_STAGES: readonly MembershipStage[] = [
  'enquiry',
  'due-diligence',
  'decision',
];

/** The longest evidence text one checklist item keeps. */
export const EVIDENCE_MAX_LENGTH = 4000;

const stageLabel = (stage: MembershipStage) => MEMBERSHIP_STAGE_LABELS[stage].toLowerCase();

const isoTimestamp = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : String(value);

function invalid(field: string, message: string): AtscaleError {
  return new AtscaleError('validation-failed', message, [{ field, message }]);
}

interface MembershipRow {
  id: string;
  odsCode: string;
  name: string;
  stage: MembershipStage;
  stageSince: string;
  signingDocument: SigningDocument | null;
  decidedBy: string | null;
  decisionReason: string | null;
  listStays: boolean | null;
}

interface HistoryRow {
  id: number;
  fromStage: MembershipStage | null;
  toStage: MembershipStage;
  changedOn: string;
  decidedBy: string | null;
  decisionReason: string | null;
  signingDocument: SigningDocument | null;
  listStays: boolean | null;
  note: string | null;
  changedBy: string | null;
  changedByName: string | null;
  createdAt: Date | string;
}

interface ChecklistRow {
  item: DueDiligenceItemKind;
  rating: RagRating | null;
  evidence: string;
  assessedBy: string | null;
  assessedByName: string | null;
  assessedAt: Date | string;
}

const decisionOf = (decidedBy: string | null, reason: string | null): MembershipDecision | null =>
  decidedBy === null && reason === null
    ? null
    : { decidedBy: decidedBy ?? '', reason: reason ?? '' };

const actor = (id: string | null, name: string | null): MembershipActor | null =>
  id === null ? null : { id, displayName: name ?? 'A former user' };

function toHistoryEntry(row: HistoryRow): MembershipHistoryEntry {
  return {
    id: row.id,
    from: row.fromStage,
    to: row.toStage,
    on: row.changedOn,
    decision: decisionOf(row.decidedBy, row.decisionReason),
    signingDocument: row.signingDocument,
    listStaysWithOrganisation: row.listStays,
    note: row.note,
    changedBy: actor(row.changedBy, row.changedByName),
    recordedAt: isoTimestamp(row.createdAt),
  };
}

/** The whole checklist in checklist order, with the items nobody has rated yet. */
function fullChecklist(rows: readonly ChecklistRow[]): ChecklistItem[] {
  const byItem = new Map(rows.map((row) => [row.item, row]));
  return DUE_DILIGENCE_ITEMS.map((item) => {
    const row = byItem.get(item);
    if (!row) return { item, rating: null, evidence: '', assessedBy: null, assessedAt: null };
    return {
      item,
      rating: row.rating,
      evidence: row.evidence,
      assessedBy: actor(row.assessedBy, row.assessedByName),
      assessedAt: isoTimestamp(row.assessedAt),
    };
  });
}

const HISTORY_SQL = `
  select c.id, c.from_stage as "fromStage", c.to_stage as "toStage", c.changed_on as "changedOn",
         c.decided_by as "decidedBy", c.decision_reason as "decisionReason",
         c.signing_document as "signingDocument", c.list_stays_with_organisation as "listStays",
         c.note, c.changed_by as "changedBy", u.display_name as "changedByName",
         c.created_at as "createdAt"
    from membership_stage_change c
    left join app_user u on u.org_id = c.org_id and u.id = c.changed_by
   where c.org_id = $1 and c.practice_id = $2`;

const CHECKLIST_SQL = `
  select d.item, d.rating, d.evidence, d.assessed_by as "assessedBy",
         u.display_name as "assessedByName", d.assessed_at as "assessedAt"
    from due_diligence_item d
    left join app_user u on u.org_id = d.org_id and u.id = d.assessed_by
   where d.org_id = $1 and d.practice_id = $2`;

/** The organisation's form in force on a date, from its dated form history. */
async function formInForce(q: Queryable, orgId: string, on: IsoDate): Promise<OrganisationForm> {
  return organisationFormOn(await loadOrganisationFormHistory(q, orgId), on).form;
}

/**
 * The membership pipeline of the caller's organisation (ORG-2): prospective, joining, member
 * and former practices with their stage and due diligence. Reading needs `membership:read`;
 * every change needs `membership:manage` and is written with its audit row in one transaction.
 */
export function membershipRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const requireRead = (practiceId?: string) => {
    if (!canAt(principal, 'membership:read', { orgId, practiceId: practiceId ?? null })) {
      throw forbidden('see the membership pipeline');
    }
  };
  const requireManage = (what: string) => {
    if (!canAt(principal, 'membership:manage', { orgId })) throw forbidden(what);
  };
  const auditEntry = (practiceId: string, action: string, reason: string) => ({
    orgId,
    userId: principal.userId,
    role: grantingRole(principal, 'membership:manage', { orgId, practiceId }),
    action,
    entityType: 'practice',
    entityId: practiceId,
    patientId: null,
    reason,
    requestId,
  });

  /**
   * Locks the practice's membership row for the rest of the transaction and returns its stage.
   * A practice that has no row (made before memberships were recorded, or by a path that does
   * not record them) was already a member: it gets that row first, so it can be moved on.
   */
  const lockMembership = async (tx: Queryable, practiceId: string) => {
    await tx.query(
      `insert into membership (org_id, practice_id, stage, stage_since)
       select org_id, id, 'member', created_at::date from practice where org_id = $1 and id = $2
       on conflict (practice_id) do nothing`,
      [orgId, practiceId],
    );
    const { rows } = await tx.query<{ stage: MembershipStage; stageSince: string }>(
      `select stage, stage_since as "stageSince" from membership
        where org_id = $1 and practice_id = $2 for update`,
      [orgId, practiceId],
    );
    const row = rows[0];
    if (!row) throw notFound('The practice');
    return row;
  };

  const readDetail = async (q: Queryable, practiceId: string): Promise<MembershipDetail> => {
    const { rows } = await q.query<MembershipRow>(
      `select p.id, p.ods_code as "odsCode", p.name,
              coalesce(m.stage, 'member') as stage,
              coalesce(m.stage_since, p.created_at::date) as "stageSince",
              m.signing_document as "signingDocument", m.decided_by as "decidedBy",
              m.decision_reason as "decisionReason",
              m.list_stays_with_organisation as "listStays"
         from practice p
         left join membership m on m.org_id = p.org_id and m.practice_id = p.id
        where p.org_id = $1 and p.id = $2`,
      [orgId, practiceId],
    );
    const row = rows[0];
    if (!row) throw notFound('The practice');
    const history = await q.query<HistoryRow>(`${HISTORY_SQL} order by c.id`, [orgId, practiceId]);
    const checklistRows = await q.query<ChecklistRow>(CHECKLIST_SQL, [orgId, practiceId]);
    const checklist = fullChecklist(checklistRows.rows);
    const summary = dueDiligenceSummary(checklist);
    return {
      practice: { id: row.id, odsCode: row.odsCode, name: row.name },
      stage: row.stage,
      stageSince: row.stageSince,
      nextStages: [...nextStages(row.stage)],
      form: await formInForce(q, orgId, todayInEngland()),
      signingDocument: row.signingDocument,
      decision: decisionOf(row.decidedBy, row.decisionReason),
      listStaysWithOrganisation: row.listStays,
      checklistOpen: CHECKLIST_STAGES.includes(row.stage),
      checklist,
      dueDiligence: {
        ...summary,
        unrated: [...summary.unrated],
        withoutEvidence: [...summary.withoutEvidence],
      },
      history: history.rows.map(toHistoryEntry),
    };
  };

  return {
    /**
     * Every practice of the organisation with its membership stage, when it entered it, its
     * latest list size and its due-diligence counts, by name.
     */
    async pipeline(): Promise<MembershipPipeline> {
      requireRead();
      const { rows } = await db.query<{
        practiceId: string;
        odsCode: string;
        name: string;
        stage: MembershipStage;
        stageSince: string;
        listSize: number | null;
        listSizeDate: string | null;
        items: DueDiligenceItem[] | null;
      }>(
        `select p.id as "practiceId", p.ods_code as "odsCode", p.name,
                coalesce(m.stage, 'member') as stage,
                coalesce(m.stage_since, p.created_at::date) as "stageSince",
                l.list_size as "listSize", l.date as "listSizeDate",
                (select json_agg(json_build_object('item', d.item, 'rating', d.rating,
                                                   'evidence', d.evidence))
                   from due_diligence_item d
                  where d.org_id = p.org_id and d.practice_id = p.id) as items
           from practice p
           left join membership m on m.org_id = p.org_id and m.practice_id = p.id
           left join lateral (
             select list_size, date from practice_list_size
              where org_id = p.org_id and practice_id = p.id order by date desc limit 1
           ) l on true
          where p.org_id = $1
          order by p.name, p.ods_code`,
        [orgId],
      );
      return {
        form: await formInForce(db, orgId, todayInEngland()),
        practices: rows.map(({ items, ...card }) => {
          const summary = dueDiligenceSummary(items ?? []);
          return { ...card, dueDiligence: { ...summary.counts, complete: summary.complete } };
        }),
      };
    },

    /** One practice's membership: stage, decision, the full checklist and the stage history. */
    async detail(practiceId: string): Promise<MembershipDetail> {
      requireRead(practiceId);
      return readDetail(db, practiceId);
    },

    /**
     * Records a practice's enquiry about joining: the practice (its ODS code checked and unique
     * in the organisation) and its membership at `enquiry`, with the first history entry and an
     * audit row, in one transaction.
     */
    async enquire(enquiry: NewEnquiry): Promise<MembershipDetail> {
      requireManage('record an enquiry');
      const odsCode = enquiry.odsCode.trim().toUpperCase();
      const name = enquiry.name.trim();
      const on = enquiry.on ?? todayInEngland();
      const odsProblem = odsCodeProblem(odsCode);
      if (odsProblem) throw invalid('/odsCode', odsProblem);
      if (name === '') throw invalid('/name', 'Enter the practice’s name');
      assertIsoDate(on, '/on');
      const practiceId = await db.transaction(async (tx) => {
        const inserted = await tx.query<{ id: string }>(
          `insert into practice (org_id, ods_code, name) values ($1, $2, $3)
           on conflict (org_id, ods_code) do nothing returning id`,
          [orgId, odsCode, name],
        );
        const id = inserted.rows[0]?.id;
        if (!id) {
          const message = `A practice with the ODS code ${odsCode} is already in the organisation`;
          throw new AtscaleError('conflict', message, [{ field: '/odsCode', message }]);
        }
        await tx.query(
          `insert into membership (org_id, practice_id, stage, stage_since)
           values ($1, $2, 'enquiry', $3)`,
          [orgId, id, on],
        );
        await tx.query(
          `insert into membership_stage_change
             (org_id, practice_id, from_stage, to_stage, changed_on, changed_by)
           values ($1, $2, null, 'enquiry', $3, $4)`,
          [orgId, id, on, principal.userId],
        );
        await writeAudit(tx, [
          auditEntry(id, 'membership.enquiry', `enquiry from ${odsCode} on ${on}`),
        ]);
        return id;
      });
      return readDetail(db, practiceId);
    },

    /**
     * Rates one due-diligence item with its evidence, while the practice is at enquiry, due
     * diligence or decision (conflict otherwise), with an audit row naming the item and rating.
     */
    async rateItem(
      practiceId: string,
      item: DueDiligenceItemKind,
      rating: ItemRating,
    ): Promise<ChecklistItem> {
      requireManage('rate due diligence');
      if (!(DUE_DILIGENCE_ITEMS as readonly string[]).includes(item)) {
        throw invalid('/item', `${item} is not an item of the due-diligence checklist`);
      }
      const evidence = rating.evidence.trim();
      if (evidence.length > EVIDENCE_MAX_LENGTH) {
        throw invalid('/evidence', `Keep the evidence to ${EVIDENCE_MAX_LENGTH} characters`);
      }
      return db.transaction(async (tx) => {
        const { stage } = await lockMembership(tx, practiceId);
        if (!CHECKLIST_STAGES.includes(stage)) {
          throw new AtscaleError(
            'conflict',
            `Due diligence can only be rated at enquiry, due diligence or decision; this practice is at ${stageLabel(stage)}`,
          );
        }
        await tx.query(
          `insert into due_diligence_item
             (org_id, practice_id, item, rating, evidence, assessed_by, assessed_at)
           values ($1, $2, $3, $4, $5, $6, now())
           on conflict (practice_id, item) do update set
             rating = excluded.rating, evidence = excluded.evidence,
             assessed_by = excluded.assessed_by, assessed_at = excluded.assessed_at`,
          [orgId, practiceId, item, rating.rating, evidence, principal.userId],
        );
        await writeAudit(tx, [
          auditEntry(
            practiceId,
            'membership.due-diligence',
            `${item} rated ${rating.rating ?? 'not yet'}${evidence === '' ? ', no evidence' : ''}`,
          ),
        ]);
        const { rows } = await tx.query<ChecklistRow>(`${CHECKLIST_SQL} and d.item = $3`, [
          orgId,
          practiceId,
          item,
        ]);
        const saved = fullChecklist(rows).find((entry) => entry.item === item);
        if (!saved) throw new Error('the rated item was not saved');
        return saved;
      });
    },

    /**
     * Moves a practice to another stage, all or nothing in one transaction: locks the
     * membership, reads the checklist and the form in force on the date, lets the domain's
     * `transition` check the move (illegal moves and decisions before due diligence is
     * complete are conflicts), then updates the membership, adds the history entry and writes
     * the `membership.stage-change` audit row.
     */
    async move(
      practiceId: string,
      to: MembershipStage,
      move: StageMove = {},
    ): Promise<MembershipHistoryEntry> {
      requireManage('move a practice through the membership lifecycle');
      const on = move.on ?? todayInEngland();
      assertIsoDate(on, '/on');
      const note = move.note?.trim() ?? '';
      return db.transaction(async (tx) => {
        const current = await lockMembership(tx, practiceId);
        if (on < current.stageSince) {
          throw invalid(
            '/on',
            `The move cannot be dated before ${current.stageSince}, when the practice entered ${stageLabel(current.stage)}`,
          );
        }
        const checklist = await tx.query<ChecklistRow>(CHECKLIST_SQL, [orgId, practiceId]);
        const change = transition(current.stage, to, {
          form: await formInForce(tx, orgId, on),
          on,
          dueDiligence: checklist.rows.map(({ item, rating, evidence }) => ({
            item,
            rating,
            evidence,
          })),
          ...(move.decision ? { decision: move.decision } : {}),
        });
        const decision = change.decision ?? null;
        const listStays = change.listStaysWithOrganisation ?? null;
        await tx.query(
          `update membership set
             stage = $3, stage_since = $4,
             signing_document = coalesce($5, signing_document),
             decided_by = coalesce($6, decided_by),
             decision_reason = coalesce($7, decision_reason),
             list_stays_with_organisation = coalesce($8, list_stays_with_organisation),
             updated_at = now()
           where org_id = $1 and practice_id = $2`,
          [
            orgId,
            practiceId,
            change.to,
            change.on,
            change.document ?? null,
            decision?.decidedBy ?? null,
            decision?.reason ?? null,
            listStays,
          ],
        );
        const inserted = await tx.query<{ id: number }>(
          `insert into membership_stage_change
             (org_id, practice_id, from_stage, to_stage, changed_on, decided_by, decision_reason,
              signing_document, list_stays_with_organisation, note, changed_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           returning id`,
          [
            orgId,
            practiceId,
            change.from,
            change.to,
            change.on,
            decision?.decidedBy ?? null,
            decision?.reason ?? null,
            change.document ?? null,
            listStays,
            note === '' ? null : note,
            principal.userId,
          ],
        );
        const id = inserted.rows[0]?.id;
        if (id === undefined) throw new Error('the stage change was not recorded');
        await writeAudit(tx, [
          auditEntry(
            practiceId,
            'membership.stage-change',
            `${change.from} -> ${change.to} on ${change.on}`,
          ),
        ]);
        const { rows } = await tx.query<HistoryRow>(`${HISTORY_SQL} and c.id = $3`, [
          orgId,
          practiceId,
          id,
        ]);
        const row = rows[0];
        if (!row) throw new Error('the stage change was not recorded');
        return toHistoryEntry(row);
      });
    },
  };
}

/** The membership repository for one caller. */
export type MembershipRepository = ReturnType<typeof membershipRepository>;
