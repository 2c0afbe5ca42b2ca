import {
  AtscaleError,
  can,
  canAt,
  CQC_KEY_QUESTIONS,
  CQC_MANUAL_EVIDENCE_KINDS,
  CQC_RATINGS,
  forbidden,
  isIsoDate,
  isReviewOverdue,
  notFound,
  organisationReadiness,
  reachOf,
  siteReadiness,
  versionInForce,
  addMonthsClamped,
  type CqcEvidenceItem,
  type CqcKeyQuestion,
  type CqcOrganisationSummary,
  type CqcRating,
  type CqcSiteReadiness,
  type IsoDate,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { scopedAudit } from './scoped-audit.js';
import { todayInEngland } from './organisation-today.js';
import { sqlState, UNIQUE_VIOLATION } from '../sql-errors.js';

/** A site's registration with the CQC. */
export interface CqcRegistration {
  /** The site's CQC location id (kept on the site). */
  readonly locationId: string | null;
  readonly providerId: string;
  readonly registeredOn: IsoDate;
  /** The registered manager: a member of staff (staffId set) or a name; null if none. */
  readonly registeredManager: { readonly staffId: string | null; readonly name: string } | null;
  readonly updatedAt: string;
}

/** An inspection as recorded. */
export interface CqcInspection {
  readonly id: string;
  readonly inspectedOn: IsoDate;
  readonly overall: CqcRating;
  readonly ratings: Record<CqcKeyQuestion, CqcRating>;
  readonly reportUrl: string | null;
}

/** One piece of evidence as the site page lists it, whichever record it comes from. */
export interface CqcEvidenceListing extends CqcEvidenceItem {
  /** The evidence row, policy adoption or significant event it comes from. */
  readonly sourceId: string;
  /** A link or reference to where it is kept (manual evidence only). */
  readonly reference: string | null;
  readonly addedByName: string | null;
  readonly expired: boolean;
}

/** A site with whose it is. */
export interface CqcSite {
  readonly id: string;
  readonly name: string;
  readonly practiceId: string | null;
  readonly practiceName: string | null;
}

/** Everything the site page shows. */
export interface CqcSiteDetail {
  readonly today: IsoDate;
  readonly site: CqcSite;
  readonly registration: CqcRegistration | null;
  readonly latestInspection: CqcInspection | null;
  /** Every inspection recorded, newest first. */
  readonly inspections: CqcInspection[];
  readonly evidence: CqcEvidenceListing[];
  readonly readiness: CqcSiteReadiness;
  readonly canManage: boolean;
  /** Staff who may be named registered manager (only for those who manage). */
  readonly managerChoices: { readonly id: string; readonly name: string }[];
}

/** One site's line of the organisation summary. */
export interface CqcSiteSummary extends CqcSite {
  readonly inspectedOn: IsoDate | null;
  readonly overall: CqcRating;
  readonly ratings: Record<CqcKeyQuestion, CqcRating>;
  readonly readiness: CqcSiteReadiness['readiness'];
  readonly byKeyQuestion: Record<CqcKeyQuestion, CqcSiteReadiness['readiness']>;
  readonly gaps: number;
}

/** The organisation's readiness across the sites the caller sees. */
export interface CqcSummary extends CqcOrganisationSummary {
  readonly today: IsoDate;
  readonly siteList: CqcSiteSummary[];
}

/** A registration as given: the location id is written to the site. */
export interface CqcRegistrationInput {
  readonly locationId: string | null;
  readonly providerId: string;
  readonly registeredOn: string;
  readonly registeredManagerStaffId?: string | null | undefined;
  readonly registeredManagerName?: string | null | undefined;
}

/** An inspection as given. */
export interface CqcInspectionInput {
  readonly inspectedOn: string;
  readonly overall: string;
  readonly ratings: Readonly<Record<string, string>>;
  readonly reportUrl?: string | null | undefined;
}

/** Manual evidence as given. */
export interface CqcEvidenceInput {
  readonly keyQuestion: string;
  readonly kind: string;
  readonly title: string;
  readonly evidencedOn: string;
  readonly reference?: string | null | undefined;
  readonly reviewBy?: string | null | undefined;
}

const CQC_ID = /^1-[0-9]{6,12}$/;

const field = (name: string, message: string) =>
  new AtscaleError('validation-failed', `${name}: ${message}`, [{ field: `/${name}`, message }]);

const iso = (value: string | Date) => new Date(value).toISOString();

const notRated = (): Record<CqcKeyQuestion, CqcRating> => ({
  safe: 'not-rated',
  effective: 'not-rated',
  caring: 'not-rated',
  responsive: 'not-rated',
  'well-led': 'not-rated',
});

interface InspectionRow {
  id: string;
  siteId: string;
  inspectedOn: string;
  overall: CqcRating;
  safe: CqcRating;
  effective: CqcRating;
  caring: CqcRating;
  responsive: CqcRating;
  wellLed: CqcRating;
  reportUrl: string | null;
}

const toInspection = (r: InspectionRow): CqcInspection => ({
  id: r.id,
  inspectedOn: r.inspectedOn,
  overall: r.overall,
  ratings: {
    safe: r.safe,
    effective: r.effective,
    caring: r.caring,
    responsive: r.responsive,
    'well-led': r.wellLed,
  },
  reportUrl: r.reportUrl,
});

const INSPECTION_COLUMNS = `i.id, i.site_id as "siteId", to_char(i.inspected_on, 'YYYY-MM-DD') as "inspectedOn",
  i.overall, i.safe, i.effective, i.caring, i.responsive, i.well_led as "wellLed",
  i.report_url as "reportUrl"`;

/**
 * CQC readiness (GOV-2) for one caller: per site the registration, registered manager,
 * inspections with their ratings, evidence per key question (added by hand, and read from the
 * policy library and closed significant events) with the gaps; and the organisation's summary.
 * Central roles see every site; practice staff their practice's sites. Governance and
 * organisation administrators record for any site, a practice manager for their practice's.
 * Every write is audited.
 */
export function cqcReadinessRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;
  const audit = scopedAudit(scope);

  const requireRead = () => {
    if (!can(principal, 'cqc:read')) throw forbidden('see CQC readiness');
  };

  /** The members' sites the caller sees: every one centrally, else their practices' sites. */
  const visibleSites = async (siteId: string | null): Promise<CqcSite[]> => {
    const reach = reachOf(principal, 'cqc:read');
    const own = reach.kind === 'practices' ? reach.practiceIds : [];
    const { rows } = await db.query<CqcSite>(
      `select s.id, s.name, s.practice_id as "practiceId", p.name as "practiceName"
         from site s left join practice p on p.org_id = s.org_id and p.id = s.practice_id
        where s.org_id = $1 and ($2::uuid is null or s.id = $2)
          and ($3::boolean or s.practice_id = any($4::uuid[]))
          -- A prospect's sites are not the organisation's to inspect yet.
          and (s.practice_id is null
               or coalesce((select m.stage from membership m where m.practice_id = s.practice_id),
                           'member') in ('member', 'leaving'))
        order by p.name nulls last, s.is_main desc, s.name, s.id`,
      [orgId, siteId, reach.kind === 'organisation', own],
    );
    return rows;
  };

  const findSite = async (siteId: string): Promise<CqcSite> => {
    requireRead();
    const [site] = await visibleSites(siteId);
    if (!site) throw notFound('The site');
    return site;
  };

  const requireManage = (site: CqcSite) => {
    if (!canAt(principal, 'cqc:manage', { orgId, practiceId: site.practiceId })) {
      throw forbidden('record CQC readiness for this site');
    }
  };

  /** Registrations, inspections and evidence of some sites, read in a few statements. */
  const load = async (sites: readonly CqcSite[], today: IsoDate) => {
    const siteIds = sites.map((s) => s.id);
    const practiceIds = [
      ...new Set(sites.flatMap((s) => (s.practiceId === null ? [] : [s.practiceId]))),
    ];
    const registrations = await db.query<{
      siteId: string;
      locationId: string | null;
      providerId: string;
      registeredOn: string;
      staffId: string | null;
      managerName: string | null;
      updatedAt: string;
    }>(
      `select r.site_id as "siteId", s.cqc_location_id as "locationId", r.provider_id as "providerId",
              to_char(r.registered_on, 'YYYY-MM-DD') as "registeredOn",
              r.registered_manager_staff_id as "staffId",
              coalesce(m.full_name, r.registered_manager_name) as "managerName",
              r.updated_at as "updatedAt"
         from cqc_registration r
         join site s on s.org_id = r.org_id and s.id = r.site_id
         left join staff_member m on m.org_id = r.org_id and m.id = r.registered_manager_staff_id
        where r.org_id = $1 and r.site_id = any($2::uuid[])`,
      [orgId, siteIds],
    );
    const inspections = await db.query<InspectionRow>(
      `select ${INSPECTION_COLUMNS} from cqc_inspection i
        where i.org_id = $1 and i.site_id = any($2::uuid[])
        order by i.site_id, i.inspected_on desc`,
      [orgId, siteIds],
    );
    const manual = await db.query<CqcEvidenceListing & { siteId: string }>(
      `select e.site_id as "siteId", e.id as "sourceId", e.key_question as "keyQuestion", e.kind,
              e.title, to_char(e.evidenced_on, 'YYYY-MM-DD') as date,
              to_char(e.review_by, 'YYYY-MM-DD') as "reviewBy", e.reference,
              u.display_name as "addedByName", false as expired
         from cqc_evidence e join app_user u on u.org_id = e.org_id and u.id = e.added_by
        where e.org_id = $1 and e.site_id = any($2::uuid[])
        order by e.evidenced_on desc, e.title`,
      [orgId, siteIds],
    );
    const policies = await policyEvidence(db, practiceIds, today);
    const events = await db.query<{
      id: string;
      practiceId: string;
      siteId: string | null;
      kind: 'significant-event' | 'complaint';
      title: string;
      keyQuestions: CqcKeyQuestion[];
      closedOn: string;
    }>(
      `select e.id, e.practice_id as "practiceId", e.site_id as "siteId", e.kind, e.title,
              e.key_questions as "keyQuestions",
              to_char(e.closed_at at time zone 'Europe/London', 'YYYY-MM-DD') as "closedOn"
         from significant_event e
        where e.org_id = $1 and e.status = 'closed' and e.learning is not null
          and (e.practice_id = any($2::uuid[]) or e.site_id = any($3::uuid[]))
          and e.closed_at >= $4::date
        order by e.closed_at desc`,
      [orgId, practiceIds, siteIds, addMonthsClamped(today, -12)],
    );

    return sites.map((site) => {
      const reg = registrations.rows.find((r) => r.siteId === site.id);
      const registration: CqcRegistration | null = reg
        ? {
            locationId: reg.locationId,
            providerId: reg.providerId,
            registeredOn: reg.registeredOn,
            registeredManager:
              reg.managerName === null ? null : { staffId: reg.staffId, name: reg.managerName },
            updatedAt: iso(reg.updatedAt),
          }
        : null;
      const own = inspections.rows.filter((i) => i.siteId === site.id).map(toInspection);
      const fromPolicies: CqcEvidenceListing[] = policies.flatMap((p) =>
        p.practiceId === site.practiceId
          ? p.keyQuestions.map((keyQuestion) => ({
              keyQuestion,
              kind: 'policy-adoption' as const,
              title: p.title,
              date: p.adoptedOn,
              reviewBy: p.reviewBy,
              sourceId: p.sourceId,
              reference: null,
              addedByName: null,
              expired: false,
            }))
          : [],
      );
      // An event of the site, or of its practice but no one site, is evidence for the site.
      const fromEvents: CqcEvidenceListing[] = events.rows
        .filter((e) =>
          e.siteId === null ? e.practiceId === site.practiceId : e.siteId === site.id,
        )
        .flatMap((e) =>
          e.keyQuestions.map((keyQuestion) => ({
            keyQuestion,
            kind: 'significant-event-review' as const,
            title: e.kind === 'complaint' ? `Complaint: ${e.title}` : e.title,
            date: e.closedOn,
            reviewBy: null,
            sourceId: e.id,
            reference: null,
            addedByName: null,
            expired: false,
          })),
        );
      const evidence = [
        ...manual.rows.filter((e) => e.siteId === site.id).map(({ siteId: _siteId, ...e }) => e),
        ...fromPolicies,
        ...fromEvents,
      ].map((e) => ({ ...e, expired: e.reviewBy !== null && e.reviewBy < today }));
      const latestInspection = own[0] ?? null;
      const readiness = siteReadiness({
        today,
        registration: registration && {
          locationId: registration.locationId,
          providerId: registration.providerId,
          registeredOn: registration.registeredOn,
          registeredManager: registration.registeredManager?.name ?? null,
        },
        latestInspection,
        evidence,
      });
      return { site, registration, inspections: own, latestInspection, evidence, readiness };
    });
  };

  const detail = async (siteId: string): Promise<CqcSiteDetail> => {
    const site = await findSite(siteId);
    const today = todayInEngland();
    const [loaded] = await load([site], today);
    if (!loaded) throw notFound('The site');
    const canManage = canAt(principal, 'cqc:manage', { orgId, practiceId: site.practiceId });
    const managerChoices = canManage
      ? (
          await db.query<{ id: string; name: string }>(
            `select id, full_name as name from staff_member
              where org_id = $1 and left_on is null
                and home_practice_id is not distinct from $2::uuid
              order by full_name, id`,
            [orgId, site.practiceId],
          )
        ).rows
      : [];
    return { today, ...loaded, canManage, managerChoices };
  };

  return {
    /** Every visible site's ratings and readiness, and the organisation's summary. */
    async summary(): Promise<CqcSummary> {
      requireRead();
      const today = todayInEngland();
      const loaded = await load(await visibleSites(null), today);
      const summary = organisationReadiness(
        loaded.map((l) => ({
          overall: l.latestInspection?.overall ?? 'not-rated',
          readiness: l.readiness,
        })),
      );
      return {
        today,
        ...summary,
        siteList: loaded.map((l) => ({
          ...l.site,
          inspectedOn: l.latestInspection?.inspectedOn ?? null,
          overall: l.latestInspection?.overall ?? 'not-rated',
          ratings: l.latestInspection?.ratings ?? notRated(),
          readiness: l.readiness.readiness,
          byKeyQuestion: Object.fromEntries(
            l.readiness.keyQuestions.map((k) => [k.keyQuestion, k.readiness]),
          ) as CqcSiteSummary['byKeyQuestion'],
          gaps:
            l.readiness.siteGaps.length +
            l.readiness.keyQuestions.reduce((n, k) => n + k.gaps.length, 0),
        })),
      };
    },

    /** One site's registration, inspections, evidence per key question and gaps. */
    site: detail,

    /** Records (or replaces) a site's registration and its CQC location id (audited). */
    async putRegistration(siteId: string, input: CqcRegistrationInput): Promise<CqcSiteDetail> {
      const site = await findSite(siteId);
      requireManage(site);
      if (input.locationId !== null && !CQC_ID.test(input.locationId)) {
        throw field('locationId', 'must be a CQC location id such as 1-123456789');
      }
      if (!CQC_ID.test(input.providerId)) {
        throw field('providerId', 'must be a CQC provider id such as 1-123456789');
      }
      if (!isIsoDate(input.registeredOn)) throw field('registeredOn', 'must be a date, YYYY-MM-DD');
      if (input.registeredOn > todayInEngland()) {
        throw field('registeredOn', 'must not be in the future');
      }
      const staffId = input.registeredManagerStaffId ?? null;
      const name = input.registeredManagerName?.trim() ? input.registeredManagerName.trim() : null;
      if (staffId !== null && name !== null) {
        throw field('registeredManagerName', 'give a member of staff or a name, not both');
      }
      if (staffId !== null) {
        const staff = await db.query(
          `select 1 from staff_member where org_id = $1 and id = $2 and left_on is null`,
          [orgId, staffId],
        );
        if (staff.rows.length === 0) {
          throw field('registeredManagerStaffId', 'is not a member of staff of this organisation');
        }
      }
      await db.transaction(async (tx) => {
        await tx.query(`update site set cqc_location_id = $3 where org_id = $1 and id = $2`, [
          orgId,
          siteId,
          input.locationId,
        ]);
        await tx.query(
          `insert into cqc_registration (site_id, org_id, provider_id, registered_on,
                                         registered_manager_staff_id, registered_manager_name, updated_by)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (site_id) do update set provider_id = excluded.provider_id,
             registered_on = excluded.registered_on,
             registered_manager_staff_id = excluded.registered_manager_staff_id,
             registered_manager_name = excluded.registered_manager_name,
             updated_by = excluded.updated_by, updated_at = now()`,
          [siteId, orgId, input.providerId, input.registeredOn, staffId, name, principal.userId],
        );
        await audit(tx, {
          permission: 'cqc:manage',
          action: 'cqc.registration',
          entityType: 'site',
          entityId: siteId,
          practiceId: site.practiceId,
        });
      });
      return detail(siteId);
    },

    /** Records an inspection with its ratings; inspections are only ever added (audited). */
    async recordInspection(siteId: string, input: CqcInspectionInput): Promise<CqcSiteDetail> {
      const site = await findSite(siteId);
      requireManage(site);
      if (!isIsoDate(input.inspectedOn)) throw field('inspectedOn', 'must be a date, YYYY-MM-DD');
      if (input.inspectedOn > todayInEngland()) {
        throw field('inspectedOn', 'must not be in the future');
      }
      const isRating = (r: string | undefined): r is CqcRating =>
        r !== undefined && (CQC_RATINGS as readonly string[]).includes(r);
      if (!isRating(input.overall)) throw field('overall', 'is not a CQC rating');
      for (const q of CQC_KEY_QUESTIONS) {
        if (!isRating(input.ratings[q])) throw field(`ratings/${q}`, 'is not a CQC rating');
      }
      const unknown = Object.keys(input.ratings).find(
        (k) => !(CQC_KEY_QUESTIONS as readonly string[]).includes(k),
      );
      if (unknown !== undefined) throw field(`ratings/${unknown}`, 'is not a CQC key question');
      const url = input.reportUrl?.trim() ? input.reportUrl.trim() : null;
      if (url !== null && !/^https?:\/\/\S+$/.test(url)) {
        throw field('reportUrl', 'must be a web address starting http:// or https://');
      }
      await db.transaction(async (tx) => {
        try {
          const { rows } = await tx.query<{ id: string }>(
            `insert into cqc_inspection (org_id, site_id, inspected_on, overall, safe, effective,
                                         caring, responsive, well_led, report_url, recorded_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
            [
              orgId,
              siteId,
              input.inspectedOn,
              input.overall,
              input.ratings.safe,
              input.ratings.effective,
              input.ratings.caring,
              input.ratings.responsive,
              input.ratings['well-led'],
              url,
              principal.userId,
            ],
          );
          await audit(tx, {
            permission: 'cqc:manage',
            action: 'cqc.inspection',
            entityType: 'cqc_inspection',
            entityId: rows[0]?.id ?? '',
            practiceId: site.practiceId,
          });
        } catch (error) {
          if (sqlState(error) === UNIQUE_VIOLATION) {
            throw new AtscaleError(
              'conflict',
              'An inspection of this site on this date is already recorded',
            );
          }
          throw error;
        }
      });
      return detail(siteId);
    },

    /** Adds evidence for a key question of a site (audited). */
    async addEvidence(siteId: string, input: CqcEvidenceInput): Promise<CqcSiteDetail> {
      const site = await findSite(siteId);
      requireManage(site);
      if (!(CQC_KEY_QUESTIONS as readonly string[]).includes(input.keyQuestion)) {
        throw field('keyQuestion', 'is not a CQC key question');
      }
      if (!(CQC_MANUAL_EVIDENCE_KINDS as readonly string[]).includes(input.kind)) {
        throw field('kind', 'must be document, audit or other');
      }
      const title = input.title.trim();
      if (title.length === 0) throw field('title', 'must not be blank');
      if (!isIsoDate(input.evidencedOn)) throw field('evidencedOn', 'must be a date, YYYY-MM-DD');
      if (input.evidencedOn > todayInEngland()) {
        throw field('evidencedOn', 'must not be in the future');
      }
      const reviewBy = input.reviewBy ?? null;
      if (reviewBy !== null) {
        if (!isIsoDate(reviewBy)) throw field('reviewBy', 'must be a date, YYYY-MM-DD');
        if (reviewBy <= input.evidencedOn)
          throw field('reviewBy', 'must be after the evidence date');
      }
      const reference = input.reference?.trim() ? input.reference.trim() : null;
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `insert into cqc_evidence (org_id, site_id, key_question, kind, title, evidenced_on,
                                     reference, review_by, added_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
          [
            orgId,
            siteId,
            input.keyQuestion,
            input.kind,
            title,
            input.evidencedOn,
            reference,
            reviewBy,
            principal.userId,
          ],
        );
        await audit(tx, {
          permission: 'cqc:manage',
          action: 'cqc.evidence',
          entityType: 'cqc_evidence',
          entityId: rows[0]?.id ?? '',
          practiceId: site.practiceId,
        });
      });
      return detail(siteId);
    },
  };

  /**
   * Policies as evidence. A practice's current adoption counts when it is of the version in
   * force today; its review date is the version's, or none once a newer version answers the
   * review. The organisation's own sites (no practice) are covered by the version in force of
   * every central policy, which the organisation itself approved.
   */
  async function policyEvidence(
    q: Queryable,
    practiceIds: readonly string[],
    today: IsoDate,
  ): Promise<
    {
      practiceId: string | null;
      sourceId: string;
      title: string;
      keyQuestions: CqcKeyQuestion[];
      adoptedOn: IsoDate;
      reviewBy: IsoDate | null;
    }[]
  > {
    const policies = await q.query<{ id: string; title: string; keyQuestions: CqcKeyQuestion[] }>(
      `select id, title, key_questions as "keyQuestions" from policy
        where org_id = $1 and cardinality(key_questions) > 0 order by title, id`,
      [orgId],
    );
    const versions = await q.query<{
      id: string;
      policyId: string;
      number: number;
      approvedAt: string | null;
      effectiveFrom: string;
      reviewBy: string;
    }>(
      `select v.id, v.policy_id as "policyId", v.number, v.approved_at as "approvedAt",
              to_char(v.effective_from, 'YYYY-MM-DD') as "effectiveFrom",
              to_char(v.review_by, 'YYYY-MM-DD') as "reviewBy"
         from policy_version v where v.org_id = $1`,
      [orgId],
    );
    const adoptions = await q.query<{
      id: string;
      policyId: string;
      practiceId: string;
      versionId: string;
      adoptedOn: string;
    }>(
      `select distinct on (a.policy_id, a.practice_id) a.id, a.policy_id as "policyId",
              a.practice_id as "practiceId", a.version_id as "versionId",
              to_char(a.adopted_at at time zone 'Europe/London', 'YYYY-MM-DD') as "adoptedOn"
         from policy_adoption a join policy_version v on v.org_id = a.org_id and v.id = a.version_id
        where a.org_id = $1 and a.practice_id = any($2::uuid[])
        order by a.policy_id, a.practice_id, a.adopted_at desc, v.number desc`,
      [orgId, practiceIds],
    );
    const result = [];
    for (const policy of policies.rows) {
      const own = versions.rows
        .filter((v) => v.policyId === policy.id)
        .map((v) => ({ ...v, approvedAt: v.approvedAt === null ? null : iso(v.approvedAt) }));
      const current = versionInForce(own, today);
      if (!current) continue;
      const overdue = isReviewOverdue(own, today);
      const reviewBy = overdue
        ? current.reviewBy
        : current.reviewBy >= today
          ? current.reviewBy
          : null;
      const base = { title: policy.title, keyQuestions: policy.keyQuestions, reviewBy };
      result.push({
        ...base,
        practiceId: null,
        sourceId: current.id,
        adoptedOn: current.effectiveFrom,
      });
      for (const a of adoptions.rows) {
        if (a.policyId !== policy.id || a.versionId !== current.id) continue;
        result.push({ ...base, practiceId: a.practiceId, sourceId: a.id, adoptedOn: a.adoptedOn });
      }
    }
    return result;
  }
}
