import {
  actionState,
  AtscaleError,
  forbidden,
  grantingRole,
  isIsoDate,
  isStandardId,
  notFound,
  reachOf,
  type IsoDate,
  type Permission,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import { todayInEngland } from './organisation-today.js';

/** An action agreed at a peer review, as the tracker lists it. */
export interface PeerReviewAction {
  readonly id: string;
  readonly meetingId: string;
  readonly meetingTitle: string;
  readonly practiceId: string;
  readonly practiceName: string;
  readonly findingId: string | null;
  readonly description: string;
  readonly owner: { readonly id: string; readonly name: string };
  readonly dueOn: IsoDate;
  readonly status: 'open' | 'done';
  /** Open past its due date counts as overdue. */
  readonly state: 'open' | 'overdue' | 'done';
  readonly closedOn: IsoDate | null;
  readonly closureNote: string | null;
  /** Whether the caller may close it: a peer review manager, or its owner. */
  readonly canClose: boolean;
}

/** A finding about one practice, against a standard or not. */
export interface PeerReviewFinding {
  readonly id: string;
  readonly practiceId: string;
  readonly practiceName: string;
  readonly standardId: string | null;
  readonly text: string;
}

/** A meeting as listed. */
export interface PeerReviewMeetingSummary {
  readonly id: string;
  readonly heldOn: IsoDate;
  readonly title: string;
  readonly attendees: string[];
  readonly practices: { readonly id: string; readonly name: string }[];
  readonly openActions: number;
  readonly overdueActions: number;
}

/** A meeting with what it found and agreed, for the practices the caller may see. */
export interface PeerReviewMeeting extends PeerReviewMeetingSummary {
  readonly findings: PeerReviewFinding[];
  readonly actions: PeerReviewAction[];
  readonly canManage: boolean;
}

const field = (name: string, message: string) =>
  new AtscaleError('validation-failed', `${name}: ${message}`, [{ field: `/${name}`, message }]);

const text = (name: string, value: string, max: number) => {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw field(name, 'must not be empty');
  if (trimmed.length > max) throw field(name, `must be at most ${max} characters`);
  return trimmed;
};

const date = (name: string, value: string) => {
  if (!isIsoDate(value)) throw field(name, 'must be a date, YYYY-MM-DD');
  return value;
};

const ACTION_SELECT = `
  select a.id, a.meeting_id as "meetingId", m.title as "meetingTitle",
         a.practice_id as "practiceId", p.name as "practiceName", a.finding_id as "findingId",
         a.description, json_build_object('id', u.id, 'name', u.display_name) as owner,
         to_char(a.due_on, 'YYYY-MM-DD') as "dueOn", a.status,
         to_char(a.closed_on, 'YYYY-MM-DD') as "closedOn", a.closure_note as "closureNote"
    from peer_review_action a
    join peer_review_meeting m on m.org_id = a.org_id and m.id = a.meeting_id
    join practice p on p.org_id = a.org_id and p.id = a.practice_id
    join app_user u on u.org_id = a.org_id and u.id = a.owner_id`;

type ActionRow = Omit<PeerReviewAction, 'state' | 'canClose'>;

/**
 * Peer review (GOV-3): meetings, which practices they reviewed, findings and actions with an
 * owner and a due date, tracked to closure. Governance and organisation administrators record
 * them and see every practice; a practice's staff see the reviews of their own practice and only
 * its findings and actions. Every write is audited.
 */
export function peerReviewRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const readReach = () => {
    const reach = reachOf(principal, 'peer-review:read');
    if (reach.kind === 'none') throw forbidden('see peer reviews');
    return reach;
  };
  /** The practices the caller sees, or null for all of them. */
  const seenPractices = (): readonly string[] | null => {
    const reach = readReach();
    return reach.kind === 'organisation' ? null : reach.practiceIds;
  };
  const manages = () => reachOf(principal, 'peer-review:manage').kind === 'organisation';
  const mustManage = () => {
    if (!manages()) throw forbidden('record peer reviews');
  };

  const audit = async (
    tx: Queryable,
    permission: Permission,
    action: string,
    entityType: string,
    entityId: string,
    practiceId: string | null = null,
  ) =>
    writeAudit(tx, [
      {
        orgId,
        userId: principal.userId,
        role:
          grantingRole(principal, permission, { orgId, practiceId }) ??
          grantingRole(principal, 'peer-review:read', { orgId, practiceId }),
        action,
        entityType,
        entityId,
        patientId: null,
        reason: null,
        requestId,
      },
    ]);

  const withState = (rows: readonly ActionRow[], today: IsoDate): PeerReviewAction[] => {
    const manager = manages();
    return rows.map((row) => ({
      ...row,
      state: actionState(row, today),
      canClose: row.status === 'open' && (manager || row.owner.id === principal.userId),
    }));
  };

  const summaries = async (meetingId: string | null): Promise<PeerReviewMeetingSummary[]> => {
    const seen = seenPractices();
    const { rows } = await db.query<PeerReviewMeetingSummary>(
      `select m.id, to_char(m.held_on, 'YYYY-MM-DD') as "heldOn", m.title, m.attendees,
              (select coalesce(json_agg(json_build_object('id', p.id, 'name', p.name)
                                        order by p.name), '[]')
                 from peer_review_practice rp
                 join practice p on p.org_id = rp.org_id and p.id = rp.practice_id
                where rp.meeting_id = m.id
                  and ($3::uuid[] is null or rp.practice_id = any($3::uuid[]))) as practices,
              (select count(*)::int from peer_review_action a
                where a.meeting_id = m.id and a.status = 'open'
                  and ($3::uuid[] is null or a.practice_id = any($3::uuid[]))) as "openActions",
              (select count(*)::int from peer_review_action a
                where a.meeting_id = m.id and a.status = 'open' and a.due_on < $4::date
                  and ($3::uuid[] is null or a.practice_id = any($3::uuid[]))) as "overdueActions"
         from peer_review_meeting m
        where m.org_id = $1 and ($2::uuid is null or m.id = $2::uuid)
          and ($3::uuid[] is null or exists (
                select 1 from peer_review_practice rp
                 where rp.meeting_id = m.id and rp.practice_id = any($3::uuid[])))
        order by m.held_on desc, m.created_at desc`,
      [orgId, meetingId, seen, todayInEngland()],
    );
    return rows;
  };

  /** The meeting, locked for a write by a manager; 404 if not the organisation's. */
  const meetingPractices = async (tx: Queryable, meetingId: string) => {
    const { rows } = await tx.query<{ practiceId: string | null }>(
      `select rp.practice_id as "practiceId"
         from peer_review_meeting m
         left join peer_review_practice rp on rp.meeting_id = m.id
        where m.org_id = $1 and m.id = $2`,
      [orgId, meetingId],
    );
    if (rows.length === 0) throw notFound('The meeting');
    return rows.flatMap((r) => (r.practiceId ? [r.practiceId] : []));
  };

  const reviewedPractice = async (tx: Queryable, meetingId: string, practiceId: string) => {
    const reviewed = await meetingPractices(tx, meetingId);
    if (!reviewed.includes(practiceId)) {
      throw field('practiceId', 'must be one of the practices the meeting reviewed');
    }
  };

  const actions = async (where: string, values: unknown[]) => {
    const seen = seenPractices();
    const { rows } = await db.query<ActionRow>(
      `${ACTION_SELECT}
        where a.org_id = $1 and ($2::uuid[] is null or a.practice_id = any($2::uuid[])) ${where}
        order by a.status, a.due_on, a.created_at`,
      [orgId, seen, ...values],
    );
    return withState(rows, todayInEngland());
  };

  return {
    /** Meetings the caller may see, newest first. */
    async list(): Promise<PeerReviewMeetingSummary[]> {
      return summaries(null);
    },

    /** One meeting with its findings and actions for the practices the caller may see. */
    async get(meetingId: string): Promise<PeerReviewMeeting> {
      const [summary] = await summaries(meetingId);
      if (!summary) throw notFound('The meeting');
      const seen = seenPractices();
      const findings = await db.query<PeerReviewFinding>(
        `select f.id, f.practice_id as "practiceId", p.name as "practiceName",
                f.standard_id as "standardId", f.text
           from peer_review_finding f
           join practice p on p.org_id = f.org_id and p.id = f.practice_id
          where f.org_id = $1 and f.meeting_id = $2
            and ($3::uuid[] is null or f.practice_id = any($3::uuid[]))
          order by p.name, f.created_at`,
        [orgId, meetingId, seen],
      );
      return {
        ...summary,
        findings: findings.rows,
        actions: await actions('and a.meeting_id = $3', [meetingId]),
        canManage: manages(),
      };
    },

    /** The action tracker: every action the caller may see, or those in one state. */
    async actions(state?: string): Promise<PeerReviewAction[]> {
      if (state !== undefined && !['open', 'overdue', 'done'].includes(state)) {
        throw field('state', 'must be open, overdue or done');
      }
      const all = await actions('', []);
      return state === undefined ? all : all.filter((a) => a.state === state);
    },

    /** The users who may own an action: anyone with a role in the organisation. */
    async owners(): Promise<{ id: string; name: string }[]> {
      mustManage();
      const { rows } = await db.query<{ id: string; name: string }>(
        `select u.id, u.display_name as name from app_user u
          where u.org_id = $1 and exists (select 1 from role_grant g where g.user_id = u.id)
          order by u.display_name, u.id`,
        [orgId],
      );
      return rows;
    },

    /** Records a meeting and the practices it reviewed (audited). */
    async create(input: {
      heldOn: string;
      title: string;
      attendees: readonly string[];
      practiceIds: readonly string[];
    }): Promise<PeerReviewMeeting> {
      mustManage();
      const heldOn = date('heldOn', input.heldOn);
      const title = text('title', input.title, 200);
      const attendees = input.attendees.map((a, i) => text(`attendees/${i}`, a, 200));
      const practiceIds = [...new Set(input.practiceIds)];
      if (practiceIds.length === 0) throw field('practiceIds', 'must name at least one practice');
      const id = await db.transaction(async (tx) => {
        const known = await tx.query<{ id: string }>(
          `select id from practice where org_id = $1 and id = any($2::uuid[])`,
          [orgId, practiceIds],
        );
        if (known.rows.length !== practiceIds.length) {
          throw field('practiceIds', 'must be practices of the organisation');
        }
        const { rows } = await tx.query<{ id: string }>(
          `insert into peer_review_meeting (org_id, held_on, title, attendees, created_by)
           values ($1, $2, $3, $4, $5) returning id`,
          [orgId, heldOn, title, attendees, principal.userId],
        );
        const meetingId = rows[0]?.id ?? '';
        await tx.query(
          `insert into peer_review_practice (org_id, meeting_id, practice_id)
           select $1, $2, unnest($3::uuid[])`,
          [orgId, meetingId, practiceIds],
        );
        await audit(
          tx,
          'peer-review:manage',
          'peer-review-meeting.create',
          'peer-review-meeting',
          meetingId,
        );
        return meetingId;
      });
      return this.get(id);
    },

    /** Records a finding about a practice the meeting reviewed (audited). */
    async addFinding(
      meetingId: string,
      input: { practiceId: string; standardId?: string | null; text: string },
    ): Promise<PeerReviewFinding> {
      mustManage();
      const body = text('text', input.text, 4000);
      const standardId = input.standardId ?? null;
      if (standardId !== null && !isStandardId(standardId)) {
        throw field('standardId', 'must be one of the agreement standards');
      }
      const id = await db.transaction(async (tx) => {
        await reviewedPractice(tx, meetingId, input.practiceId);
        const { rows } = await tx.query<{ id: string }>(
          `insert into peer_review_finding (org_id, meeting_id, practice_id, standard_id, text, created_by)
           values ($1, $2, $3, $4, $5, $6) returning id`,
          [orgId, meetingId, input.practiceId, standardId, body, principal.userId],
        );
        const findingId = rows[0]?.id ?? '';
        await audit(
          tx,
          'peer-review:manage',
          'peer-review-finding.create',
          'peer-review-finding',
          findingId,
          input.practiceId,
        );
        return findingId;
      });
      const finding = (await this.get(meetingId)).findings.find((f) => f.id === id);
      if (!finding) throw notFound('The finding');
      return finding;
    },

    /** Agrees an action with an owner and a due date (audited). */
    async addAction(
      meetingId: string,
      input: {
        practiceId: string;
        findingId?: string | null;
        description: string;
        ownerId: string;
        dueOn: string;
      },
    ): Promise<PeerReviewAction> {
      mustManage();
      const description = text('description', input.description, 2000);
      const dueOn = date('dueOn', input.dueOn);
      const id = await db.transaction(async (tx) => {
        await reviewedPractice(tx, meetingId, input.practiceId);
        const owner = await tx.query('select 1 from app_user where org_id = $1 and id = $2', [
          orgId,
          input.ownerId,
        ]);
        if (owner.rows.length === 0) throw field('ownerId', 'must be a user of the organisation');
        if (input.findingId != null) {
          const finding = await tx.query(
            `select 1 from peer_review_finding
              where org_id = $1 and id = $2 and meeting_id = $3 and practice_id = $4`,
            [orgId, input.findingId, meetingId, input.practiceId],
          );
          if (finding.rows.length === 0) {
            throw field('findingId', 'must be a finding of this meeting about the practice');
          }
        }
        const { rows } = await tx.query<{ id: string }>(
          `insert into peer_review_action
             (org_id, meeting_id, practice_id, finding_id, description, owner_id, due_on, created_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
          [
            orgId,
            meetingId,
            input.practiceId,
            input.findingId ?? null,
            description,
            input.ownerId,
            dueOn,
            principal.userId,
          ],
        );
        const actionId = rows[0]?.id ?? '';
        await audit(
          tx,
          'peer-review:manage',
          'peer-review-action.create',
          'peer-review-action',
          actionId,
          input.practiceId,
        );
        return actionId;
      });
      const [action] = await actions('and a.id = $3', [id]);
      if (!action) throw notFound('The action');
      return action;
    },

    /**
     * Closes an open action with a note: a peer review manager, or the action's owner if they
     * can see its practice's reviews. The closing date defaults to today and may not be in the
     * future (audited).
     */
    async closeAction(
      actionId: string,
      input: { closureNote: string; closedOn?: string },
    ): Promise<PeerReviewAction> {
      const note = text('closureNote', input.closureNote, 2000);
      const today = todayInEngland();
      const closedOn = input.closedOn === undefined ? today : date('closedOn', input.closedOn);
      if (closedOn > today) throw field('closedOn', 'must not be in the future');
      const [current] = await actions('and a.id = $3', [actionId]);
      if (!current) throw notFound('The action');
      if (!current.canClose) {
        if (current.status === 'done') throw field('closureNote', 'the action is already closed');
        throw forbidden('close this action');
      }
      await db.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          `update peer_review_action
              set status = 'done', closed_on = $3, closure_note = $4, closed_by = $5
            where org_id = $1 and id = $2 and status = 'open'`,
          [orgId, actionId, closedOn, note, principal.userId],
        );
        if (rowCount === 0) throw field('closureNote', 'the action is already closed');
        await audit(
          tx,
          'peer-review:manage',
          'peer-review-action.close',
          'peer-review-action',
          actionId,
          current.practiceId,
        );
      });
      const [closed] = await actions('and a.id = $3', [actionId]);
      if (!closed) throw notFound('The action');
      return closed;
    },
  };
}
