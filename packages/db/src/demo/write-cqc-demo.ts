import type { DemoPlan, DemoSiteRef } from '@atscale/domain';
import type { Queryable } from '../database.js';

/**
 * CQC readiness for a demo organisation (GOV-2): every site registered with a location id, a
 * provider id per practice and a registered manager, one latest inspection with its ratings
 * (mostly Good, some Outstanding, about one site in nine Requires improvement, one in thirteen
 * inspected over five years ago), and evidence per key question with deliberate gaps: an old
 * audit, an expired document, a key question with no document. Deterministic: everything
 * follows from the site's position in the plan, so every scale gets the same mix.
 */

const KEY_QUESTIONS = ['safe', 'effective', 'caring', 'responsive', 'well-led'] as const;
type KeyQuestion = (typeof KEY_QUESTIONS)[number];

/** A document and an audit for each key question. */
const EVIDENCE: Readonly<Record<KeyQuestion, { document: string; audit: string }>> = {
  safe: { document: 'Fire risk assessment', audit: 'Infection prevention and control audit' },
  effective: { document: 'Clinical protocols review', audit: 'Antibiotic prescribing audit' },
  caring: { document: 'Patient survey results and action plan', audit: 'Chaperone use audit' },
  responsive: { document: 'Access and appointments review', audit: 'Complaints handling audit' },
  'well-led': { document: 'Business continuity plan', audit: 'Governance meetings audit' },
};

/** The ISO date `days` after `date` (before, if negative). */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A demo site in write order: each practice's sites, then the organisation's. */
interface SitePlace {
  readonly ref: DemoSiteRef;
  readonly practiceIndex: number | null;
}

function sitePlaces(plan: DemoPlan): SitePlace[] {
  return [
    ...plan.practices.flatMap((p) =>
      p.sites.map((_, siteIndex) => ({
        ref: { practiceIndex: p.index, siteIndex },
        practiceIndex: p.index,
      })),
    ),
    ...plan.organisationSites.map((_, siteIndex) => ({
      ref: { practiceIndex: null, siteIndex },
      practiceIndex: null,
    })),
  ];
}

type Rating = 'outstanding' | 'good' | 'requires-improvement';

/** The k-th site's latest inspection: when, overall and by key question. */
function inspectionOf(k: number, today: string) {
  const overall: Rating =
    k % 9 === 1 ? 'requires-improvement' : k % 4 === 2 ? 'outstanding' : 'good';
  const ratings: Record<KeyQuestion, Rating> =
    overall === 'requires-improvement'
      ? {
          safe: 'requires-improvement',
          effective: 'good',
          caring: 'good',
          responsive: 'good',
          'well-led': 'requires-improvement',
        }
      : overall === 'outstanding'
        ? {
            safe: 'good',
            effective: 'good',
            caring: 'outstanding',
            responsive: 'outstanding',
            'well-led': 'outstanding',
          }
        : {
            safe: 'good',
            effective: 'good',
            caring: k % 3 === 0 ? 'outstanding' : 'good',
            responsive: 'good',
            'well-led': 'good',
          };
  // One site in thirteen was last inspected over five years ago: a gap to show.
  const daysAgo = k % 13 === 7 ? 2_000 : 120 + ((k * 137) % 1_400);
  return { inspectedOn: addDays(today, -daysAgo), overall, ratings };
}

/** The k-th site's manual evidence, with its deliberate gaps. */
function evidenceOf(k: number, today: string) {
  return KEY_QUESTIONS.flatMap((keyQuestion, q) => {
    const { document, audit } = EVIDENCE[keyQuestion];
    const items = [];
    // Every fifth site has no document for Caring.
    if (!(keyQuestion === 'caring' && k % 5 === 2)) {
      // Every fourth site's Responsive document has expired.
      const expired = keyQuestion === 'responsive' && k % 4 === 3;
      const on = addDays(today, expired ? -400 : -(40 + ((k + q) % 9) * 20));
      items.push({
        keyQuestion,
        kind: 'document',
        title: document,
        on,
        reviewBy: expired ? addDays(today, -35) : addDays(on, 365),
        reference: `Shared drive: CQC/${keyQuestion}/${document.toLowerCase().replace(/ /g, '-')}`,
      });
    }
    // Every third site's Effective audit is fifteen months old: no audit in the last 12 months.
    const oldAudit = keyQuestion === 'effective' && k % 3 === 1;
    items.push({
      keyQuestion,
      kind: 'audit',
      title: audit,
      on: addDays(today, oldAudit ? -456 : -(20 + ((k * 7 + q * 31) % 300))),
      reviewBy: null,
      reference: null,
    });
    return items;
  });
}

/** Rows the CQC demo writes: a registration and an inspection per site, and its evidence. */
export function cqcRowCount(plan: DemoPlan): number {
  if (plan.users.length === 0) return 0;
  return sitePlaces(plan).reduce((n, _, k) => n + 2 + evidenceOf(k, plan.today).length, 0);
}

/** The user who records the demo's CQC data: governance if there is one, else an admin. */
function recorder(plan: DemoPlan): number {
  const central = (role: string) =>
    plan.users.findIndex((u) => u.grants.some((g) => g.role === role && g.practiceIndex === null));
  const governance = central('governance');
  return governance >= 0 ? governance : Math.max(0, central('org-admin'));
}

/**
 * Writes every site's CQC location id, registration, latest inspection and manual evidence.
 * Written after the policy library, whose adoptions the readiness view reads as evidence.
 */
export async function writeCqcDemo(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: {
    readonly siteIdOf: (ref: DemoSiteRef) => string;
    readonly staffIds: readonly string[];
    readonly userIds: Readonly<Record<string, string>>;
  },
  wrote: (rows: number) => void,
): Promise<void> {
  if (plan.users.length === 0) return;
  const by = ids.userIds[plan.users[recorder(plan)]?.key ?? ''] ?? '';
  const places = sitePlaces(plan);
  const siteIds = places.map((p) => ids.siteIdOf(p.ref));
  // The registered manager: the practice's (or, for the organisation's sites, a central)
  // practice manager on the staff register, else a named manager.
  const managerOf = (practiceIndex: number | null) => {
    const index = plan.staff.findIndex(
      (s) => s.staffRole === 'practice-manager' && s.homePracticeIndex === practiceIndex,
    );
    return index >= 0 ? (ids.staffIds[index] ?? null) : null;
  };
  const registeredOn = (practiceIndex: number | null) => {
    const opened =
      practiceIndex === null
        ? plan.organisation.startedOn
        : (plan.practices[practiceIndex]?.openedOn ?? plan.organisation.startedOn);
    // GP practices were first registered with the CQC in April 2013.
    const from = opened > '2013-04-01' ? opened : '2013-04-01';
    return from > plan.today ? plan.today : from;
  };
  const providerId = (practiceIndex: number | null) =>
    `1-${String(100_000_000 + (practiceIndex === null ? 0 : practiceIndex + 1) * 7_919)}`;

  await tx.query(
    `update site s set cqc_location_id = t.location_id
       from unnest($2::uuid[], $3::text[]) as t (id, location_id)
      where s.org_id = $1 and s.id = t.id`,
    [orgId, siteIds, places.map((_, k) => `1-${String(200_000_000 + k * 104_729)}`)],
  );
  const managers = places.map((p) => managerOf(p.practiceIndex));
  await tx.query(
    `insert into cqc_registration (site_id, org_id, provider_id, registered_on,
                                   registered_manager_staff_id, registered_manager_name, updated_by)
     select t.site_id, $1, t.provider_id, t.registered_on, t.staff_id,
            case when t.staff_id is null then t.name end, $2
       from unnest($3::uuid[], $4::text[], $5::date[], $6::uuid[], $7::text[])
         as t (site_id, provider_id, registered_on, staff_id, name)`,
    [
      orgId,
      by,
      siteIds,
      places.map((p) => providerId(p.practiceIndex)),
      places.map((p) => registeredOn(p.practiceIndex)),
      managers,
      places.map((_, k) => `Registered Manager ${String(k + 1)}`),
    ],
  );
  wrote(places.length);

  const inspections = places.map((_, k) => inspectionOf(k, plan.today));
  await tx.query(
    `insert into cqc_inspection (org_id, site_id, inspected_on, overall, safe, effective, caring,
                                 responsive, well_led, report_url, recorded_by)
     select $1, t.site_id, t.inspected_on, t.overall, t.safe, t.effective, t.caring, t.responsive,
            t.well_led, 'https://www.cqc.org.uk/location/' || s.cqc_location_id, $2
       from unnest($3::uuid[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[])
         as t (site_id, inspected_on, overall, safe, effective, caring, responsive, well_led)
       join site s on s.id = t.site_id`,
    [
      orgId,
      by,
      siteIds,
      inspections.map((i) => i.inspectedOn),
      inspections.map((i) => i.overall),
      inspections.map((i) => i.ratings.safe),
      inspections.map((i) => i.ratings.effective),
      inspections.map((i) => i.ratings.caring),
      inspections.map((i) => i.ratings.responsive),
      inspections.map((i) => i.ratings['well-led']),
    ],
  );
  wrote(places.length);

  const evidence = places.flatMap((_, k) =>
    evidenceOf(k, plan.today).map((e) => ({ ...e, siteId: siteIds[k] ?? '' })),
  );
  await tx.query(
    `insert into cqc_evidence (org_id, site_id, key_question, kind, title, evidenced_on, reference,
                               review_by, added_by)
     select $1, t.site_id, t.key_question, t.kind, t.title, t.evidenced_on, t.reference,
            t.review_by, $2
       from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[],
                   $9::date[])
         as t (site_id, key_question, kind, title, evidenced_on, reference, review_by)`,
    [
      orgId,
      by,
      evidence.map((e) => e.siteId),
      evidence.map((e) => e.keyQuestion),
      evidence.map((e) => e.kind),
      evidence.map((e) => e.title),
      evidence.map((e) => e.on),
      evidence.map((e) => e.reference),
      evidence.map((e) => e.reviewBy),
    ],
  );
  wrote(evidence.length);
}
