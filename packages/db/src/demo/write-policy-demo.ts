import { randomUUID } from 'node:crypto';
import type { DemoPlan, Role } from '@atscale/domain';
import type { Queryable } from '../database.js';

/**
 * The policy library for a demo organisation (GOV-1): seven central policies with one to three
 * versions each (one review overdue, one draft waiting for approval), adoptions by the member
 * practices with some gaps (a practice that has not adopted, one still on an older version),
 * and acknowledgements by some of each practice's signed-in staff. Deterministic: which
 * practice adopts what and who acknowledges follow from positions, not chance.
 */

/** The ISO date `days` after `date` (before, if negative). */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface DemoVersion {
  /** Days from the plan's today that it took effect (negative: in the past). */
  readonly from: number;
  /** Days from today that its review is due. */
  readonly review: number;
  readonly approved: boolean;
  readonly summary: string;
  readonly body: string;
}

interface DemoPolicy {
  readonly title: string;
  readonly keyQuestions: readonly string[];
  readonly localAnnexAllowed: boolean;
  readonly versions: readonly DemoVersion[];
}

const body = (title: string, lines: readonly string[]) =>
  [
    `# ${title}`,
    '',
    '## Purpose',
    '',
    ...lines,
    '',
    '## Review',
    '',
    'Reviewed every year by the policy owner and approved by the governance lead.',
  ].join('\n');

const POLICIES: readonly DemoPolicy[] = [
  {
    title: 'Safeguarding adults and children',
    keyQuestions: ['safe', 'well-led'],
    localAnnexAllowed: true,
    versions: [
      {
        from: -760,
        review: -395,
        approved: true,
        summary: 'First issue for the partnership',
        body: body('Safeguarding adults and children', [
          'Every member of staff knows how to recognise and report abuse or neglect.',
          '',
          '- Each practice names a safeguarding lead.',
          '- Concerns are recorded the same day.',
        ]),
      },
      {
        from: -30,
        review: 335,
        approved: true,
        summary: 'Adds the named lead’s deputy and the *Working Together 2023* duties',
        body: body('Safeguarding adults and children', [
          'Every member of staff knows how to recognise and report abuse or neglect.',
          '',
          '- Each practice names a safeguarding lead and a deputy.',
          '- Concerns are recorded the same day.',
          '- Training: **level 3** for clinicians, level 2 for other staff.',
        ]),
      },
    ],
  },
  {
    title: 'Infection prevention and control',
    keyQuestions: ['safe', 'effective'],
    localAnnexAllowed: true,
    versions: [
      {
        from: -500,
        review: -135,
        approved: true,
        summary: 'First issue',
        body: body('Infection prevention and control', [
          'Hand hygiene, clinical waste and cleaning schedules for every site.',
          '',
          '1. An annual infection control audit per site.',
          '2. Sharps injuries reported as significant events.',
        ]),
      },
    ],
  },
  {
    title: 'Chaperoning',
    keyQuestions: ['safe', 'caring'],
    localAnnexAllowed: false,
    versions: [
      {
        from: -400,
        review: 330,
        approved: true,
        summary: 'First issue',
        body: body('Chaperoning', [
          'Every patient is offered a chaperone for an intimate examination.',
          '',
          '- The offer and the answer are recorded.',
        ]),
      },
    ],
  },
  {
    title: 'Complaints',
    keyQuestions: ['responsive', 'well-led'],
    localAnnexAllowed: true,
    versions: [
      {
        from: -900,
        review: -535,
        approved: true,
        summary: 'First issue',
        body: body('Complaints', ['Complaints are acknowledged within three working days.']),
      },
      {
        from: -530,
        review: -165,
        approved: true,
        summary: 'Adds the Parliamentary and Health Service Ombudsman route',
        body: body('Complaints', [
          'Complaints are acknowledged within three working days.',
          'A complainant who is not satisfied is told of the Ombudsman.',
        ]),
      },
      {
        from: -160,
        review: 205,
        approved: true,
        summary: 'Learning from complaints shared across practices each quarter',
        body: body('Complaints', [
          'Complaints are acknowledged within three working days.',
          'A complainant who is not satisfied is told of the Ombudsman.',
          'Themes are shared, anonymised, at the quarterly peer review.',
        ]),
      },
    ],
  },
  {
    title: 'Significant events',
    keyQuestions: ['safe', 'effective', 'well-led'],
    localAnnexAllowed: false,
    versions: [
      {
        from: -300,
        review: 65,
        approved: true,
        summary: 'First issue',
        body: body('Significant events', [
          'Any event that could have caused harm is recorded and reviewed within a month.',
        ]),
      },
      {
        from: 30,
        review: 395,
        approved: false,
        summary: 'Aligns with the Patient Safety Incident Response Framework',
        body: body('Significant events', [
          'Any event that could have caused harm is recorded and reviewed within a month.',
          'Reviews follow the **Patient Safety Incident Response Framework**.',
        ]),
      },
    ],
  },
  {
    title: 'Information governance and data protection',
    keyQuestions: ['safe', 'well-led'],
    localAnnexAllowed: false,
    versions: [
      {
        from: -200,
        review: 165,
        approved: true,
        summary: 'First issue',
        body: body('Information governance and data protection', [
          'Patient data is used only for care and as the law allows; every access is audited.',
          '',
          '- The Data Security and Protection Toolkit is completed each June.',
        ]),
      },
    ],
  },
  {
    title: 'Repeat prescribing',
    keyQuestions: ['safe', 'effective', 'responsive'],
    localAnnexAllowed: true,
    versions: [
      {
        from: -600,
        review: -235,
        approved: true,
        summary: 'First issue',
        body: body('Repeat prescribing', [
          'Repeat requests are processed within two working days.',
        ]),
      },
      {
        from: -230,
        review: 135,
        approved: true,
        summary: 'Medication reviews at least once a year',
        body: body('Repeat prescribing', [
          'Repeat requests are processed within two working days.',
          'Every patient on repeat medication has a review at least once a year.',
        ]),
      },
    ],
  },
];

/** The number of the approved version in force today for a demo policy. */
const currentIndex = (policy: DemoPolicy) =>
  policy.versions.reduce((best, v, i) => (v.approved && v.from <= 0 ? i : best), 0);

/** What the demo writes, from the plan alone, so the row count is known before writing. */
function policyDemoRows(plan: DemoPlan) {
  const members = plan.practices.filter((p) => p.membership.stage === 'member').map((p) => p.index);
  const adoptions: {
    policy: number;
    version: number;
    practiceIndex: number;
    annex: string | null;
  }[] = [];
  POLICIES.forEach((policy, i) => {
    members.forEach((practiceIndex, j) => {
      // Every fourth pairing has adopted nothing; every fifth is still on the older version.
      if ((i + j) % 4 === 3) return;
      const current = currentIndex(policy);
      const version = (i + j) % 5 === 0 && current > 0 ? current - 1 : current;
      const annex =
        policy.localAnnexAllowed && j === 0
          ? `## Local arrangements\n\nThe named lead at this practice is the senior partner.`
          : null;
      adoptions.push({ policy: i, version, practiceIndex, annex });
    });
  });
  // Signed-in staff of each practice (from the plan's users); two of every three acknowledge.
  const acknowledgements: { adoption: number; userIndex: number }[] = [];
  adoptions.forEach((adoption, a) => {
    plan.users.forEach((user, u) => {
      const works = user.grants.some((g) => g.practiceIndex === adoption.practiceIndex);
      if (works && (a + u) % 3 !== 2) acknowledgements.push({ adoption: a, userIndex: u });
    });
  });
  return { adoptions, acknowledgements };
}

/** Rows the policy demo writes for a plan: the progress total's share. */
export function policyRowCount(plan: DemoPlan): number {
  if (plan.users.length === 0) return 0;
  const { adoptions, acknowledgements } = policyDemoRows(plan);
  const versions = POLICIES.reduce((n, p) => n + p.versions.length, 0);
  return POLICIES.length + versions + adoptions.length + acknowledgements.length;
}

/** The user who owns and approves the demo's policies: governance if there is one, else admin. */
function governor(plan: DemoPlan): { index: number; role: Role } {
  const central = (role: Role) =>
    plan.users.findIndex((u) => u.grants.some((g) => g.role === role && g.practiceIndex === null));
  const governance = central('governance');
  if (governance >= 0) return { index: governance, role: 'governance' };
  return { index: Math.max(0, central('org-admin')), role: 'org-admin' };
}

/** Writes the policy library, adoptions and acknowledgements. */
export async function writePolicyDemo(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: { practiceIds: readonly string[]; userIds: Readonly<Record<string, string>> },
  wrote: (rows: number) => void,
): Promise<void> {
  if (plan.users.length === 0) return;
  const { index, role } = governor(plan);
  const userId = (i: number) => ids.userIds[plan.users[i]?.key ?? ''] ?? '';
  const owner = userId(index);
  const policyIds = POLICIES.map(() => randomUUID());
  const versionIds = POLICIES.map((p) => p.versions.map(() => randomUUID()));
  await tx.query(
    `insert into policy (id, org_id, title, owner_id, key_questions, local_annex_allowed, created_by)
     select id, $1, title, $2, string_to_array(questions, ','), annex, $2
       from unnest($3::uuid[], $4::text[], $5::text[], $6::boolean[])
         as t (id, title, questions, annex)`,
    [
      orgId,
      owner,
      policyIds,
      POLICIES.map((p) => p.title),
      POLICIES.map((p) => p.keyQuestions.join(',')),
      POLICIES.map((p) => p.localAnnexAllowed),
    ],
  );
  const versions = POLICIES.flatMap((p, i) =>
    p.versions.map((v, n) => ({
      ...v,
      id: versionIds[i]?.[n] ?? '',
      policyId: policyIds[i] ?? '',
      number: n + 1,
    })),
  );
  await tx.query(
    `insert into policy_version (id, org_id, policy_id, number, body, change_summary, effective_from,
                                 review_by, created_by, approved_at, approved_by, approved_role)
     select id, $1, policy_id, number, body, summary, effective_from, review_by, $2,
            case when approved then effective_from::timestamptz - interval '14 days' end,
            case when approved then $2::uuid end,
            case when approved then $3 end
       from unnest($4::uuid[], $5::uuid[], $6::int[], $7::text[], $8::text[], $9::date[],
                   $10::date[], $11::boolean[])
         as t (id, policy_id, number, body, summary, effective_from, review_by, approved)`,
    [
      orgId,
      owner,
      role,
      versions.map((v) => v.id),
      versions.map((v) => v.policyId),
      versions.map((v) => v.number),
      versions.map((v) => v.body),
      versions.map((v) => v.summary),
      versions.map((v) => addDays(plan.today, v.from)),
      versions.map((v) => addDays(plan.today, v.review)),
      versions.map((v) => v.approved),
    ],
  );
  wrote(POLICIES.length + versions.length);

  const { adoptions, acknowledgements } = policyDemoRows(plan);
  const adopter = (practiceIndex: number) => {
    const manager = plan.users.findIndex((u) =>
      u.grants.some((g) => g.role === 'practice-manager' && g.practiceIndex === practiceIndex),
    );
    return userId(manager >= 0 ? manager : index);
  };
  const adoptedOn = (a: (typeof adoptions)[number]) => {
    const version = POLICIES[a.policy]?.versions[a.version];
    return addDays(plan.today, Math.min(0, (version?.from ?? 0) + 7 + a.practiceIndex));
  };
  await tx.query(
    `insert into policy_adoption (org_id, policy_id, version_id, practice_id, local_annex,
                                  adopted_by, adopted_at)
     select $1, policy_id, version_id, practice_id, annex, adopted_by, adopted_on::timestamptz
       from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::date[])
         as t (policy_id, version_id, practice_id, annex, adopted_by, adopted_on)`,
    [
      orgId,
      adoptions.map((a) => policyIds[a.policy] ?? ''),
      adoptions.map((a) => versionIds[a.policy]?.[a.version] ?? ''),
      adoptions.map((a) => ids.practiceIds[a.practiceIndex] ?? ''),
      adoptions.map((a) => a.annex),
      adoptions.map((a) => adopter(a.practiceIndex)),
      adoptions.map(adoptedOn),
    ],
  );
  await tx.query(
    `insert into policy_acknowledgement (org_id, version_id, practice_id, user_id, acknowledged_at)
     select $1, version_id, practice_id, user_id, acknowledged_on::timestamptz
       from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::date[])
         as t (version_id, practice_id, user_id, acknowledged_on)`,
    [
      orgId,
      acknowledgements.map((k) => {
        const a = adoptions[k.adoption];
        return a ? (versionIds[a.policy]?.[a.version] ?? '') : '';
      }),
      acknowledgements.map(
        (k) => ids.practiceIds[adoptions[k.adoption]?.practiceIndex ?? -1] ?? '',
      ),
      acknowledgements.map((k) => userId(k.userIndex)),
      // Acknowledged the day the practice adopted it: never in the future of the plan's today.
      acknowledgements.map((k) => {
        const a = adoptions[k.adoption];
        return a ? adoptedOn(a) : plan.today;
      }),
    ],
  );
  wrote(adoptions.length + acknowledgements.length);
}
