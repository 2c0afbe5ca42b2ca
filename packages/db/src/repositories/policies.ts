import {
  acknowledgementGaps,
  AtscaleError,
  can,
  canAt,
  CQC_KEY_QUESTIONS,
  forbidden,
  grantingRole,
  isIsoDate,
  isReviewOverdue,
  notFound,
  practicesNotOnCurrentVersion,
  reachOf,
  versionInForce,
  type CqcKeyQuestion,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { scopedAudit } from './scoped-audit.js';
import { todayInEngland } from './organisation-today.js';
import { sqlState, UNIQUE_VIOLATION } from '../sql-errors.js';

/** A version of a policy as listed; the body is in {@link PolicyVersion}. */
export interface PolicyVersionSummary {
  readonly id: string;
  readonly number: number;
  readonly changeSummary: string;
  readonly effectiveFrom: string;
  readonly reviewBy: string;
  readonly status: 'draft' | 'approved';
  readonly approvedAt: string | null;
  readonly approvedByName: string | null;
  readonly approvedRole: string | null;
}

/** A version with its Markdown body. */
export interface PolicyVersion extends PolicyVersionSummary {
  readonly policyId: string;
  readonly body: string;
}

/** A policy as the library lists it. */
export interface PolicySummary {
  readonly id: string;
  readonly title: string;
  readonly owner: { readonly id: string; readonly name: string };
  readonly keyQuestions: CqcKeyQuestion[];
  readonly localAnnexAllowed: boolean;
  /** The version in force today, if any. */
  readonly current: {
    readonly id: string;
    readonly number: number;
    readonly effectiveFrom: string;
    readonly reviewBy: string;
  } | null;
  readonly reviewOverdue: boolean;
  readonly drafts: number;
}

/** A policy with its versions (newest first) and what the caller may do with it. */
export interface PolicyDetail extends PolicySummary {
  readonly versions: PolicyVersionSummary[];
  readonly canManage: boolean;
}

/** One practice's standing with one policy. */
export interface PracticePolicyCompliance {
  readonly practiceId: string;
  readonly practiceName: string;
  readonly adopted: {
    readonly versionId: string;
    readonly number: number;
    readonly adoptedAt: string;
    readonly localAnnex: string | null;
  } | null;
  readonly onCurrentVersion: boolean;
  readonly acknowledged: number;
  readonly staff: number;
  /** Names of staff yet to acknowledge the adopted version. */
  readonly missing: string[];
  readonly canAdopt: boolean;
  /** Whether the caller works at the practice, and has acknowledged its adopted version. */
  readonly me: { readonly staff: boolean; readonly acknowledged: boolean };
}

/** The library's gaps across the practices the caller can see. */
export interface PolicyGaps {
  readonly today: string;
  readonly overdueReviews: { policyId: string; title: string; reviewBy: string }[];
  readonly notAdopted: {
    policyId: string;
    title: string;
    practiceId: string;
    practiceName: string;
    adoptedNumber: number | null;
  }[];
  readonly missingAcknowledgements: {
    policyId: string;
    title: string;
    practiceId: string;
    practiceName: string;
    acknowledged: number;
    staff: number;
  }[];
}

/** What a new policy needs. */
export interface NewPolicy {
  readonly title: string;
  readonly ownerId: string;
  readonly keyQuestions: readonly string[];
  readonly localAnnexAllowed: boolean;
}

/** What a new draft version needs. */
export interface NewPolicyVersion {
  readonly body: string;
  readonly changeSummary: string;
  readonly effectiveFrom: string;
  readonly reviewBy: string;
}

const field = (name: string, message: string) =>
  new AtscaleError('validation-failed', `${name}: ${message}`, [{ field: `/${name}`, message }]);

const VERSION_COLUMNS = `v.id, v.number, v.change_summary as "changeSummary",
  to_char(v.effective_from, 'YYYY-MM-DD') as "effectiveFrom",
  to_char(v.review_by, 'YYYY-MM-DD') as "reviewBy",
  case when v.approved_at is null then 'draft' else 'approved' end as status,
  v.approved_at as "approvedAt", a.display_name as "approvedByName", v.approved_role as "approvedRole"`;

type VersionRow = PolicyVersionSummary & { policyId: string };

const iso = (value: string | Date | null) =>
  value === null ? null : new Date(value).toISOString();

/**
 * The policy library (GOV-1) for one caller. Everyone reads the central policies; governance
 * and organisation administrators write and approve them and see every practice; a practice's
 * manager or partners adopt for it; staff acknowledge what their practice adopted. Practices
 * other than the caller's are not shown to practice staff. Every write is audited.
 */
export function policyRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;
  const canManage = can(principal, 'policies:manage');

  const requireRead = () => {
    if (!can(principal, 'policies:read')) throw forbidden('see the policy library');
  };
  const requireManage = (what: string) => {
    if (!canManage) throw forbidden(what);
  };

  const audit = scopedAudit(scope);

  /** The practices the caller sees compliance for: all members centrally, else their own. */
  const visiblePractices = async (): Promise<{ id: string; name: string }[]> => {
    const reach = reachOf(principal, 'policies:manage');
    const own = principal.grants.flatMap((g) => (g.practiceId === null ? [] : [g.practiceId]));
    const { rows } = await db.query<{ id: string; name: string }>(
      `select p.id, p.name from practice p
        where p.org_id = $1
          and coalesce((select m.stage from membership m where m.practice_id = p.id), 'member')
              in ('member', 'leaving')
          and ($2::boolean or p.id = any($3::uuid[]))
        order by p.name, p.id`,
      [orgId, reach.kind === 'organisation', own],
    );
    return rows;
  };

  const versionsOf = async (q: Queryable, policyIds: readonly string[]): Promise<VersionRow[]> => {
    const { rows } = await q.query<VersionRow>(
      `select ${VERSION_COLUMNS}, v.policy_id as "policyId"
         from policy_version v left join app_user a on a.org_id = v.org_id and a.id = v.approved_by
        where v.org_id = $1 and v.policy_id = any($2::uuid[])
        order by v.policy_id, v.number desc`,
      [orgId, policyIds],
    );
    return rows.map((r) => ({ ...r, approvedAt: iso(r.approvedAt) }));
  };

  const summaries = async (policyId: string | null) => {
    const { rows } = await db.query<{
      id: string;
      title: string;
      ownerId: string;
      ownerName: string;
      keyQuestions: CqcKeyQuestion[];
      localAnnexAllowed: boolean;
    }>(
      `select p.id, p.title, p.owner_id as "ownerId", u.display_name as "ownerName",
              p.key_questions as "keyQuestions", p.local_annex_allowed as "localAnnexAllowed"
         from policy p join app_user u on u.org_id = p.org_id and u.id = p.owner_id
        where p.org_id = $1 and ($2::uuid is null or p.id = $2)
        order by p.title, p.id`,
      [orgId, policyId],
    );
    const versions = await versionsOf(
      db,
      rows.map((r) => r.id),
    );
    const today = todayInEngland();
    return rows.map((p) => {
      const own = versions.filter((v) => v.policyId === p.id);
      const dated = own.map((v) => ({ ...v, approvedAt: v.approvedAt }));
      const current = versionInForce(dated, today);
      const summary: PolicySummary = {
        id: p.id,
        title: p.title,
        owner: { id: p.ownerId, name: p.ownerName },
        keyQuestions: p.keyQuestions,
        localAnnexAllowed: p.localAnnexAllowed,
        current: current
          ? {
              id: current.id,
              number: current.number,
              effectiveFrom: current.effectiveFrom,
              reviewBy: current.reviewBy,
            }
          : null,
        reviewOverdue: isReviewOverdue(dated, today),
        drafts: own.filter((v) => v.status === 'draft').length,
      };
      return { summary, versions: own };
    });
  };

  const findPolicy = async (q: Queryable, policyId: string) => {
    const { rows } = await q.query<{ id: string; title: string; localAnnexAllowed: boolean }>(
      `select id, title, local_annex_allowed as "localAnnexAllowed"
         from policy where org_id = $1 and id = $2`,
      [orgId, policyId],
    );
    const policy = rows[0];
    if (!policy) throw notFound('The policy');
    return policy;
  };

  const stripPolicyId = ({ policyId: _policyId, ...v }: VersionRow): PolicyVersionSummary => v;

  /** Current adoptions, staff and acknowledgements of the given practices for some policies. */
  const complianceRows = async (policyIds: readonly string[], practiceIds: readonly string[]) => {
    const adoptions = await db.query<{
      policyId: string;
      practiceId: string;
      versionId: string;
      number: number;
      adoptedAt: string;
      localAnnex: string | null;
    }>(
      `select distinct on (a.policy_id, a.practice_id)
              a.policy_id as "policyId", a.practice_id as "practiceId", a.version_id as "versionId",
              v.number, a.adopted_at as "adoptedAt", a.local_annex as "localAnnex"
         from policy_adoption a join policy_version v on v.org_id = a.org_id and v.id = a.version_id
        where a.org_id = $1 and a.policy_id = any($2::uuid[]) and a.practice_id = any($3::uuid[])
        order by a.policy_id, a.practice_id, a.adopted_at desc, v.number desc`,
      [orgId, policyIds, practiceIds],
    );
    const staff = await db.query<{ userId: string; practiceId: string; name: string }>(
      `select distinct g.user_id as "userId", g.practice_id as "practiceId", u.display_name as name
         from role_grant g join app_user u on u.org_id = g.org_id and u.id = g.user_id
        where g.org_id = $1 and g.practice_id = any($2::uuid[]) and u.disabled_at is null
        order by u.display_name`,
      [orgId, practiceIds],
    );
    const acks = await db.query<{ userId: string; versionId: string; practiceId: string }>(
      `select k.user_id as "userId", k.version_id as "versionId", k.practice_id as "practiceId"
         from policy_acknowledgement k join policy_version v on v.org_id = k.org_id and v.id = k.version_id
        where k.org_id = $1 and v.policy_id = any($2::uuid[]) and k.practice_id = any($3::uuid[])`,
      [orgId, policyIds, practiceIds],
    );
    return { adoptions: adoptions.rows, staff: staff.rows, acks: acks.rows };
  };

  const detail = async (policyId: string): Promise<PolicyDetail> => {
    const [found] = await summaries(policyId);
    if (!found) throw notFound('The policy');
    return { ...found.summary, versions: found.versions.map(stripPolicyId), canManage };
  };

  return {
    /** Every central policy, by title, with the version in force today. */
    async list(): Promise<PolicySummary[]> {
      requireRead();
      return (await summaries(null)).map((s) => s.summary);
    },

    /** One policy with every version, drafts included (old versions stay readable). */
    async get(policyId: string): Promise<PolicyDetail> {
      requireRead();
      return detail(policyId);
    },

    /** One version with its body. */
    async version(policyId: string, versionId: string): Promise<PolicyVersion> {
      requireRead();
      const { rows } = await db.query<VersionRow & { body: string }>(
        `select ${VERSION_COLUMNS}, v.policy_id as "policyId", v.body
           from policy_version v left join app_user a on a.org_id = v.org_id and a.id = v.approved_by
          where v.org_id = $1 and v.policy_id = $2 and v.id = $3`,
        [orgId, policyId, versionId],
      );
      const row = rows[0];
      if (!row) throw notFound('The policy version');
      return { ...row, approvedAt: iso(row.approvedAt) };
    },

    /** The version in force on a date, with its body, or null before the first took effect. */
    async inForce(policyId: string, on: string): Promise<PolicyVersion | null> {
      requireRead();
      if (!isIsoDate(on)) throw field('on', 'must be a date, YYYY-MM-DD');
      const [found] = await summaries(policyId);
      if (!found) throw notFound('The policy');
      const version = versionInForce(found.versions, on);
      return version ? this.version(policyId, version.id) : null;
    },

    /** Creates a central policy with its owner (governance or org-admin; audited). */
    async create(input: NewPolicy): Promise<PolicyDetail> {
      requireManage('write policies');
      const title = input.title.trim();
      if (title.length === 0) throw field('title', 'must not be blank');
      const questions = [...new Set(input.keyQuestions)];
      const unknown = questions.find((q) => !(CQC_KEY_QUESTIONS as readonly string[]).includes(q));
      if (unknown !== undefined) {
        throw field('keyQuestions', `${unknown} is not a CQC key question`);
      }
      const owner = await db.query(
        `select 1 from app_user where org_id = $1 and id = $2 and disabled_at is null`,
        [orgId, input.ownerId],
      );
      if (owner.rows.length === 0) throw field('ownerId', 'is not a user of this organisation');
      const id = await db.transaction(async (tx) => {
        try {
          const { rows } = await tx.query<{ id: string }>(
            `insert into policy (org_id, title, owner_id, key_questions, local_annex_allowed, created_by)
             values ($1, $2, $3, $4, $5, $6) returning id`,
            [orgId, title, input.ownerId, questions, input.localAnnexAllowed, principal.userId],
          );
          const created = rows[0]?.id ?? '';
          await audit(tx, {
            permission: 'policies:manage',
            action: 'policy.create',
            entityType: 'policy',
            entityId: created,
          });
          return created;
        } catch (error) {
          if (sqlState(error) === UNIQUE_VIOLATION) {
            throw field('title', 'a policy of this title already exists');
          }
          throw error;
        }
      });
      return detail(id);
    },

    /** Adds a draft version, numbered after the last (audited). */
    async addDraft(policyId: string, input: NewPolicyVersion): Promise<PolicyVersion> {
      requireManage('write policies');
      if (input.body.trim().length === 0) throw field('body', 'must not be blank');
      if (input.changeSummary.trim().length === 0)
        throw field('changeSummary', 'must not be blank');
      if (!isIsoDate(input.effectiveFrom))
        throw field('effectiveFrom', 'must be a date, YYYY-MM-DD');
      if (!isIsoDate(input.reviewBy)) throw field('reviewBy', 'must be a date, YYYY-MM-DD');
      if (input.reviewBy <= input.effectiveFrom) {
        throw field('reviewBy', 'must be after the effective date');
      }
      const id = await db.transaction(async (tx) => {
        await tx.query(`select 1 from policy where org_id = $1 and id = $2 for update`, [
          orgId,
          policyId,
        ]);
        await findPolicy(tx, policyId);
        const { rows } = await tx.query<{ id: string }>(
          `insert into policy_version
             (org_id, policy_id, number, body, change_summary, effective_from, review_by, created_by)
           select $1, $2, coalesce(max(number), 0) + 1, $3, $4, $5, $6, $7
             from policy_version where org_id = $1 and policy_id = $2
           returning id`,
          [
            orgId,
            policyId,
            input.body,
            input.changeSummary.trim(),
            input.effectiveFrom,
            input.reviewBy,
            principal.userId,
          ],
        );
        const created = rows[0]?.id ?? '';
        await audit(tx, {
          permission: 'policies:manage',
          action: 'policy.draft',
          entityType: 'policy_version',
          entityId: created,
        });
        return created;
      });
      return this.version(policyId, id);
    },

    /** Approves a draft in the caller's governing role; it never changes again (audited). */
    async approve(policyId: string, versionId: string): Promise<PolicyVersion> {
      requireManage('approve policies');
      await db.transaction(async (tx) => {
        await findPolicy(tx, policyId);
        const { rows } = await tx.query<{ approved: boolean }>(
          `select approved_at is not null as approved from policy_version
            where org_id = $1 and policy_id = $2 and id = $3 for update`,
          [orgId, policyId, versionId],
        );
        const version = rows[0];
        if (!version) throw notFound('The policy version');
        if (version.approved)
          throw new AtscaleError('conflict', 'This version is already approved');
        await tx.query(
          `update policy_version set approved_at = now(), approved_by = $3, approved_role = $4
            where org_id = $1 and id = $2`,
          [
            orgId,
            versionId,
            principal.userId,
            grantingRole(principal, 'policies:manage', { orgId }),
          ],
        );
        await audit(tx, {
          permission: 'policies:manage',
          action: 'policy.approve',
          entityType: 'policy_version',
          entityId: versionId,
        });
      });
      return this.version(policyId, versionId);
    },

    /** Each visible practice's adoption and acknowledgements of one policy. */
    async compliance(policyId: string): Promise<PracticePolicyCompliance[]> {
      requireRead();
      const [found] = await summaries(policyId);
      if (!found) throw notFound('The policy');
      const practices = await visiblePractices();
      const ids = practices.map((p) => p.id);
      const { adoptions, staff, acks } = await complianceRows([policyId], ids);
      const gaps = acknowledgementGaps(adoptions, staff, acks);
      const names = new Map(staff.map((s) => [s.userId, s.name]));
      const currentId = found.summary.current?.id;
      return practices.map((p) => {
        const adoption = adoptions.find((a) => a.practiceId === p.id);
        const gap = gaps.find((g) => g.practiceId === p.id);
        const isStaff = staff.some((s) => s.practiceId === p.id && s.userId === principal.userId);
        return {
          practiceId: p.id,
          practiceName: p.name,
          adopted: adoption
            ? {
                versionId: adoption.versionId,
                number: adoption.number,
                adoptedAt: iso(adoption.adoptedAt) ?? '',
                localAnnex: adoption.localAnnex,
              }
            : null,
          onCurrentVersion: adoption !== undefined && adoption.versionId === currentId,
          acknowledged: gap?.acknowledged ?? 0,
          staff:
            gap?.staff ??
            new Set(staff.filter((s) => s.practiceId === p.id).map((s) => s.userId)).size,
          missing: (gap?.missing ?? []).map((id) => names.get(id) ?? id),
          canAdopt: canAt(principal, 'policies:adopt', { orgId, practiceId: p.id }),
          me: {
            staff: isStaff,
            acknowledged:
              adoption !== undefined &&
              acks.some(
                (k) =>
                  k.userId === principal.userId &&
                  k.versionId === adoption.versionId &&
                  k.practiceId === p.id,
              ),
          },
        };
      });
    },

    /** Overdue reviews, practices not on the current version and missing acknowledgements. */
    async gaps(): Promise<PolicyGaps> {
      requireRead();
      const today = todayInEngland();
      const policies = await summaries(null);
      const practices = await visiblePractices();
      const practiceName = new Map(practices.map((p) => [p.id, p.name]));
      const ids = practices.map((p) => p.id);
      const { adoptions, staff, acks } = await complianceRows(
        policies.map((p) => p.summary.id),
        ids,
      );
      const result: PolicyGaps = {
        today,
        overdueReviews: [],
        notAdopted: [],
        missingAcknowledgements: [],
      };
      for (const { summary } of policies) {
        if (summary.reviewOverdue && summary.current) {
          result.overdueReviews.push({
            policyId: summary.id,
            title: summary.title,
            reviewBy: summary.current.reviewBy,
          });
        }
        const own = adoptions.filter((a) => a.policyId === summary.id);
        for (const gap of practicesNotOnCurrentVersion(ids, own, summary.current?.id)) {
          result.notAdopted.push({
            policyId: summary.id,
            title: summary.title,
            practiceId: gap.practiceId,
            practiceName: practiceName.get(gap.practiceId) ?? '',
            adoptedNumber: own.find((a) => a.practiceId === gap.practiceId)?.number ?? null,
          });
        }
        for (const gap of acknowledgementGaps(own, staff, acks)) {
          if (gap.missing.length === 0) continue;
          result.missingAcknowledgements.push({
            policyId: summary.id,
            title: summary.title,
            practiceId: gap.practiceId,
            practiceName: practiceName.get(gap.practiceId) ?? '',
            acknowledged: gap.acknowledged,
            staff: gap.staff,
          });
        }
      }
      return result;
    },

    /**
     * Adopts an approved version for a practice, with a local annex where the policy allows one:
     * the practice's manager or partners, or governance for any practice (audited).
     */
    async adopt(
      policyId: string,
      input: { practiceId: string; versionId: string; localAnnex?: string | undefined },
    ): Promise<PracticePolicyCompliance> {
      requireRead();
      const policy = await findPolicy(db, policyId);
      const practice = await db.query(`select 1 from practice where org_id = $1 and id = $2`, [
        orgId,
        input.practiceId,
      ]);
      if (practice.rows.length === 0)
        throw field('practiceId', 'is not a practice of this organisation');
      if (!canAt(principal, 'policies:adopt', { orgId, practiceId: input.practiceId })) {
        throw forbidden('adopt policies for this practice');
      }
      const annex = input.localAnnex?.trim() ? input.localAnnex : null;
      if (annex !== null && !policy.localAnnexAllowed) {
        throw field('localAnnex', 'this policy does not allow a local annex');
      }
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ approved: boolean }>(
          `select approved_at is not null as approved from policy_version
            where org_id = $1 and policy_id = $2 and id = $3`,
          [orgId, policyId, input.versionId],
        );
        const version = rows[0];
        if (!version) throw field('versionId', 'is not a version of this policy');
        if (!version.approved)
          throw field('versionId', 'is a draft: only approved versions are adopted');
        try {
          const inserted = await tx.query<{ id: string }>(
            `insert into policy_adoption (org_id, policy_id, version_id, practice_id, local_annex, adopted_by)
             values ($1, $2, $3, $4, $5, $6) returning id`,
            [orgId, policyId, input.versionId, input.practiceId, annex, principal.userId],
          );
          await audit(tx, {
            permission: 'policies:adopt',
            action: 'policy.adopt',
            entityType: 'policy_adoption',
            entityId: inserted.rows[0]?.id ?? '',
            practiceId: input.practiceId,
          });
        } catch (error) {
          if (sqlState(error) === UNIQUE_VIOLATION) {
            throw new AtscaleError('conflict', 'The practice has already adopted this version');
          }
          throw error;
        }
      });
      const all = await this.compliance(policyId);
      const own = all.find((c) => c.practiceId === input.practiceId);
      if (!own) throw notFound('The practice');
      return own;
    },

    /** The caller acknowledges the version their practice adopted, for themself (audited). */
    async acknowledge(policyId: string, practiceId: string): Promise<PracticePolicyCompliance> {
      requireRead();
      await findPolicy(db, policyId);
      const works = await db.query(
        `select 1 from role_grant where org_id = $1 and user_id = $2 and practice_id = $3`,
        [orgId, principal.userId, practiceId],
      );
      if (works.rows.length === 0) {
        throw forbidden('acknowledge for a practice you do not work at');
      }
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ versionId: string }>(
          `select version_id as "versionId" from policy_adoption
            where org_id = $1 and policy_id = $2 and practice_id = $3
            order by adopted_at desc limit 1`,
          [orgId, policyId, practiceId],
        );
        const adopted = rows[0];
        if (!adopted) {
          throw new AtscaleError('business-rule', 'The practice has not adopted this policy yet');
        }
        const inserted = await tx.query(
          `insert into policy_acknowledgement (org_id, version_id, practice_id, user_id)
           values ($1, $2, $3, $4) on conflict do nothing returning version_id`,
          [orgId, adopted.versionId, practiceId, principal.userId],
        );
        if (inserted.rows.length === 0) {
          throw new AtscaleError('conflict', 'You have already acknowledged this version');
        }
        await audit(tx, {
          permission: 'policies:read',
          action: 'policy.acknowledge',
          entityType: 'policy_version',
          entityId: adopted.versionId,
          practiceId,
        });
      });
      const own = (await this.compliance(policyId)).find((c) => c.practiceId === practiceId);
      if (!own) throw notFound('The practice');
      return own;
    },

    /** The users who may own a policy: the organisation's enabled users. */
    async owners(): Promise<{ id: string; name: string }[]> {
      requireManage('choose policy owners');
      const { rows } = await db.query<{ id: string; name: string }>(
        `select id, display_name as name from app_user
          where org_id = $1 and disabled_at is null order by display_name, id`,
        [orgId],
      );
      return rows;
    },
  };
}
