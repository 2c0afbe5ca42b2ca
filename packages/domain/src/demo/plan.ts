import type { SiteService } from '../org/site.js';
import { AtscaleError } from '../errors.js';
import { mergeCostCentres, type CostCentreAssignment } from '../org/cost-centres.js';
import {
  DUE_DILIGENCE_ITEMS,
  type DueDiligenceItemKind,
  type RagRating,
} from '../org/due-diligence.js';
import { policyFor } from '../org/form-policy.js';
import { isIsoDate, type IsoDate } from '../org/iso-date.js';
import { transition, type MembershipStage } from '../org/membership.js';
import {
  ORGANISATION_FORMS,
  ORGANISATION_FORM_LABELS,
  type OrganisationForm,
} from '../org/organisation-forms.js';
import { isPartnerGrade } from '../workforce/staff.js';
import { addDays, addMonths, epochDay, firstOfMonth, isoOfEpochDay } from './dates.js';
import { demoProfile, demoUsersFor, type DemoFormProfile } from './forms.js';
import { fitListSizes } from './list-sizes.js';
import { generatePatients, nhsSerialStarts } from './patients.js';
import {
  PRACTICE_NAME_ENDINGS,
  PRACTICE_NAME_STEMS,
  STREETS,
  drawPhone,
  drawPostcode,
  pointIn,
  scatter,
  type DemoTown,
} from './places.js';
import { createRandom, type Random } from './random.js';
import type {
  DemoCostCentre,
  DemoCostCentreAssignment,
  DemoCostCentreMerge,
  DemoDueDiligenceItem,
  DemoMembership,
  DemoPlan,
  DemoPractice,
  DemoScale,
  DemoSite,
  DemoStageChange,
  DemoStaffMember,
} from './types.js';
import { demoWorkforce } from './rota.js';
import {
  centralStaff,
  gradeHistory,
  poolStaff,
  practiceStaff,
  resilienceTeam,
  staffDetails,
} from './workforce.js';

/** The seed `atscale demo` and the test helpers use when none is given. */
export const DEFAULT_DEMO_SEED = 1;

/**
 * The day every demo describes unless told otherwise: a fixed quarter day, not today, so that
 * the same seed gives the same organisation whenever it is built.
 */
export const DEMO_AS_OF: IsoDate = '2026-10-01';

/** What to build. */
export interface DemoOptions {
  readonly scale: DemoScale;
  readonly seed?: number | undefined;
  readonly form?: OrganisationForm | undefined;
  readonly asOf?: IsoDate | undefined;
  /**
   * The day the rota is built around: eight weeks from the Monday two weeks before its week.
   * `asOf` unless given; `atscale start` gives the day it runs, so the rota is current.
   */
  readonly today?: IsoDate | undefined;
}

/** How many practices and patients a scale has. */
interface ScaleShape {
  readonly urban: number;
  readonly rural: number;
  readonly patients: number;
  readonly minList: number;
  readonly maxList: number;
  /** The largest practice gets exactly maxList and the smallest minList. */
  readonly pinExtremes: boolean;
  /** Three prospective practices in the membership pipeline. */
  readonly prospects: boolean;
  /** One historical cost-centre merge (autonomy form only). */
  readonly merge: boolean;
}

const SCALES: Readonly<Record<DemoScale, ScaleShape>> = {
  // For tests: three practices, a few hundred patients, built in well under a second.
  tiny: {
    urban: 3,
    rural: 0,
    patients: 300,
    minList: 60,
    maxList: 150,
    pinExtremes: false,
    prospects: false,
    merge: false,
  },
  // What `npm start` creates: five practices, 30,000 patients.
  small: {
    urban: 4,
    rural: 1,
    patients: 30_000,
    minList: 2_500,
    maxList: 12_000,
    pinExtremes: false,
    prospects: true,
    merge: false,
  },
  // OHP (001): "340k patients, 40 partnerships, 1.5k-26k per practice".
  ohp: {
    urban: 34,
    rural: 6,
    patients: 340_000,
    minList: 1_500,
    maxList: 26_000,
    pinExtremes: true,
    prospects: true,
    merge: true,
  },
};

/** The biggest seed: seeds are unsigned 32-bit integers. */
export const MAX_DEMO_SEED = 4_294_967_295;

/** Why a text is not a demo seed (a whole number from 0 to 4294967295), or null when it is one. */
export function demoSeedProblem(text: string): string | null {
  if (!/^\d{1,10}$/.test(text.trim()) || Number(text) > MAX_DEMO_SEED) {
    return `The seed must be a whole number from 0 to ${MAX_DEMO_SEED}, not "${text}"`;
  }
  return null;
}

/** The autonomy super-partnership's first three practices, as tests and screenshots know them. */
const AUTONOMY_FIRST_PRACTICES = [
  'Riverside Surgery',
  'Hillview Medical Centre',
  'Marsh Lane Practice',
];

/** Quarter days of a list size history: eight, oldest first, ending on `asOf`. */
function quarterDays(asOf: IsoDate): IsoDate[] {
  return Array.from({ length: 8 }, (_, q) => addMonths(asOf, 3 * (q - 7)));
}

function weighted<T>(random: Random, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let u = random.float() * total;
  for (const [value, w] of options) {
    u -= w;
    if (u < 0) return value;
  }
  const last = options[options.length - 1];
  if (!last) throw new Error('weighted pick from no options');
  return last[0];
}

/** The districts around one, for where a practice's patients live. */
function neighbours(districts: readonly string[], home: string): string[] {
  const at = districts.indexOf(home);
  return [-2, -1, 1, 2]
    .map((step) => districts[at + step])
    .filter((d): d is string => d !== undefined);
}

function siteServices(random: Random, listSize: number, main: boolean): SiteService[] {
  const offers: (readonly [SiteService, number])[] = main
    ? [
        ['open-access-phlebotomy', listSize > 10_000 ? 0.5 : 0.1],
        ['minor-surgery', listSize > 8_000 ? 0.8 : 0.45],
        ['coil-fitting', listSize > 6_000 ? 0.7 : 0.35],
        ['childhood-immunisations', 0.95],
        ['travel-vaccinations', 0.5],
        ['spirometry', 0.4],
        ['ecg', 0.6],
      ]
    : [
        ['childhood-immunisations', 0.5],
        ['coil-fitting', 0.1],
        ['ecg', 0.2],
      ];
  const services = offers.filter(([, p]) => random.chance(p)).map(([name]) => name);
  if (!services.includes('open-access-phlebotomy') && random.chance(main ? 0.9 : 0.5)) {
    services.push('phlebotomy');
  }
  return services.sort();
}

function siteCount(random: Random, listSize: number): number {
  if (listSize < 4_000) return random.chance(0.75) ? 1 : 2;
  if (listSize <= 12_000)
    return weighted(random, [
      [1, 0.4],
      [2, 0.5],
      [3, 0.1],
    ]);
  return random.chance(0.5) ? 2 : 3;
}

const RATING_EVIDENCE: Readonly<Record<DueDiligenceItemKind, Readonly<Record<RagRating, string>>>> =
  {
    finances: {
      green: 'Three years of accounts seen; profit per partner steady',
      amber: 'Three years of accounts seen; profit fell in the last year',
      red: 'Accounts show two years of losses',
    },
    'cqc-rating': {
      green: 'CQC rating Good at the last inspection',
      amber: 'CQC rating Requires improvement (responsive); action plan in place',
      red: 'CQC rating Inadequate (safe)',
    },
    'quality-indicators': {
      green: 'QOF achievement above the local average',
      amber: 'QOF achievement slightly below the local average',
      red: 'QOF achievement well below average; several exception reporting outliers',
    },
    'list-growth': {
      green: 'List grew steadily over the last two years',
      amber: 'List flat over two years',
      red: 'List shrinking by several per cent a year',
    },
    'premises-liability': {
      green: 'Leasehold with over ten years to run; no dilapidations claim',
      amber: 'Lease ends in three years; renewal under negotiation',
      red: 'Partners own a building that needs a new roof and carry its mortgage',
    },
    workforce: {
      green: 'No partner plans to retire within five years',
      amber: 'Two of the partners are over 60',
      red: 'Single-handed GP planning to retire next year',
    },
    'ethos-interview': {
      green: 'Partners met the board and share its view of working at scale',
      amber: 'Partners keen, but wary of central policies',
      red: 'Partners want the savings without the standards',
    },
  };

function assessed(
  random: Random,
  kind: DueDiligenceItemKind,
  on: IsoDate,
  shares: readonly (readonly [RagRating, number])[],
): DemoDueDiligenceItem {
  const rating = weighted(random, shares);
  return { item: kind, rating, evidence: RATING_EVIDENCE[kind][rating], assessedOn: on };
}

/** Builds a membership history through the domain's own transition rules, so it is legal. */
function walk(
  form: OrganisationForm,
  steps: readonly {
    to: MembershipStage;
    on: IsoDate;
    note?: string;
    document?: DemoMembership['signingDocument'];
  }[],
  dueDiligence: readonly DemoDueDiligenceItem[],
  decider: string,
): DemoMembership {
  const history: DemoStageChange[] = [];
  let current: MembershipStage | null = null;
  let decidedBy: string | null = null;
  let decisionReason: string | null = null;
  let signingDocument: DemoMembership['signingDocument'] = null;
  for (const step of steps) {
    if (current === null) {
      // The first stage is where the practice came in: an enquiry, or a founder's signature.
      signingDocument = step.document ?? null;
      history.push({
        from: null,
        to: step.to,
        on: step.on,
        decidedBy: null,
        decisionReason: null,
        signingDocument,
        note: step.note ?? null,
      });
      current = step.to;
      continue;
    }
    const change = transition(current, step.to, {
      form,
      on: step.on,
      dueDiligence,
      decision: { decidedBy: decider, reason: 'Due diligence satisfactory: admitted as a member' },
    });
    if (change.decision) {
      decidedBy = change.decision.decidedBy;
      decisionReason = change.decision.reason;
    }
    if (change.document) signingDocument = change.document;
    history.push({
      from: change.from,
      to: change.to,
      on: change.on,
      decidedBy: change.decision?.decidedBy ?? null,
      decisionReason: change.decision?.reason ?? null,
      signingDocument: change.document ?? null,
      note: step.note ?? null,
    });
    current = change.to;
  }
  const last = history[history.length - 1];
  if (!last) throw new Error('a membership needs at least one stage');
  return {
    stage: last.to,
    stageSince: last.on,
    signingDocument,
    decidedBy,
    decisionReason,
    history,
    dueDiligence,
  };
}

interface Layout {
  readonly setting: 'urban' | 'rural';
  readonly town: DemoTown | null;
  readonly prospect: MembershipStage | null;
}

/**
 * Plans a demo organisation of a form at a scale: its practices (members and, except at `tiny`,
 * three prospects at enquiry, due diligence and decision), sites, staff, cost centres,
 * membership history, sign-ins and a lazily generated patient register. Pure and
 * deterministic: the same options always give the same plan.
 */
export function demoPlan(options: DemoOptions): DemoPlan {
  const scale = options.scale;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const form = options.form ?? 'autonomy-super-partnership';
  const asOf = options.asOf ?? DEMO_AS_OF;
  const today = options.today ?? asOf;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_DEMO_SEED) {
    throw new AtscaleError('validation-failed', demoSeedProblem(String(seed)) ?? 'Bad seed');
  }
  if (!isIsoDate(asOf)) throw new AtscaleError('validation-failed', `${asOf} is not a date`);
  if (!isIsoDate(today)) throw new AtscaleError('validation-failed', `${today} is not a date`);
  const shape = SCALES[scale];
  const profile = demoProfile(form);
  const policy = policyFor(form);
  const stream = (...key: (string | number)[]) => createRandom(seed, form, scale, ...key);
  const place = profile.place;

  // Which practice is where: members (urban, then rural), then the prospects.
  const layoutRandom = stream('layout');
  const townOptions = place.towns.map((t) => [t, t.weight] as const);
  const layout: Layout[] = [
    ...Array.from({ length: shape.urban }, (): Layout => ({
      setting: 'urban',
      town: weighted(layoutRandom, townOptions),
      prospect: null,
    })),
    ...Array.from({ length: shape.rural }, (): Layout => ({
      setting: 'rural',
      town: null,
      prospect: null,
    })),
    ...(shape.prospects
      ? (['enquiry', 'due-diligence', 'decision'] as const).map((stage, i): Layout => ({
          setting: i === 2 ? 'rural' : 'urban',
          town: i === 2 ? null : weighted(layoutRandom, townOptions),
          prospect: stage,
        }))
      : []),
  ];
  const memberCount = shape.urban + shape.rural;

  // List sizes: log-normal draws (rural practices smaller), fitted to the scale's total.
  const listRandom = stream('lists');
  const draws = layout
    .slice(0, memberCount)
    .map((l) => Math.exp(listRandom.normal(Math.log(l.setting === 'rural' ? 4_000 : 8_500), 0.55)));
  const listSizes = fitListSizes(draws, shape.patients, {
    min: shape.minList,
    max: shape.maxList,
    pinExtremes: shape.pinExtremes,
  });

  // Names: the autonomy demo keeps its three known practices first.
  const nameRandom = stream('names');
  const stems = nameRandom.shuffled(PRACTICE_NAME_STEMS);
  const villages = nameRandom.shuffled(place.rural.villages);
  const fixed = form === 'autonomy-super-partnership' ? AUTONOMY_FIRST_PRACTICES : [];
  const usedNames = new Set<string>();
  const practiceName = (l: Layout, index: number): { name: string; village: string | null } => {
    if (l.setting === 'rural') {
      const village = villages[index % villages.length] ?? 'Upton';
      let name = `${village} ${nameRandom.pick(['Surgery', 'Medical Practice', 'Health Centre'])}`;
      if (usedNames.has(name)) name = `${village} Family Practice ${index}`;
      usedNames.add(name);
      return { name, village };
    }
    const known = fixed[index];
    if (known) {
      usedNames.add(known);
      return { name: known, village: null };
    }
    for (;;) {
      const stem = stems.shift() ?? `Practice ${index}`;
      const name = `${stem} ${nameRandom.pick(PRACTICE_NAME_ENDINGS)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return { name, village: null };
      }
    }
  };

  const serialStarts = nhsSerialStarts(
    profile.nhsSerialOffset,
    layout.map((_, i) => (i < memberCount ? (listSizes[i] ?? 0) : 0)),
  );
  const quarters = quarterDays(asOf);
  const startDay = epochDay(profile.startedOn);
  const latestJoin = epochDay(addMonths(asOf, -6));
  const membershipRandom = stream('membership');
  const otherMembers = Array.from({ length: Math.max(0, memberCount - 3) }, (_, i) => i + 3);
  const joinerCount =
    otherMembers.length === 0 ? 0 : Math.max(1, Math.round(otherMembers.length * 0.35));
  const joiners = new Set(membershipRandom.shuffled(otherMembers).slice(0, joinerCount));

  let ruralIndex = 0;
  const practices: DemoPractice[] = [];
  const staff: DemoStaffMember[] = [];
  for (const [index, l] of layout.entries()) {
    const random = stream('practice', index);
    const member = l.prospect === null;
    const listSize = member ? (listSizes[index] ?? 0) : 0;
    const { name, village } = practiceName(l, l.setting === 'rural' ? ruralIndex++ : index);
    const districts = l.town ? l.town.districts : place.rural.districts;
    const home = random.pick(districts);
    const locality = l.town ? random.pick(l.town.localities) : (village ?? place.rural.name);
    const centre = l.town ? scatter(random, l.town, l.town.spreadKm) : pointIn(random, place.rural);
    const street = `${random.int(1, 250)} ${random.pick(STREETS)}`;
    const addressLines = l.town ? [street, locality, l.town.name] : [street, locality];
    const postcode = drawPostcode(random, home);
    // Practices opened between the NHS's first day and a year before the organisation formed.
    const openedOn = isoOfEpochDay(random.int(epochDay('1948-07-05'), startDay - 365));

    // Sites: the main one at the practice's address, branches nearby (further apart in the country).
    const sites: DemoSite[] = [];
    const siteTotal = member ? siteCount(random, listSize) : 1;
    for (let s = 0; s < siteTotal; s++) {
      const main = s === 0;
      const branchPlace = l.town
        ? random.pick(l.town.localities.filter((x) => x !== locality))
        : random.pick(place.rural.villages.filter((x) => x !== locality));
      const at = main ? centre : scatter(random, centre, l.town ? 1.5 : 6);
      sites.push({
        name: main ? name : `${name} – ${branchPlace}`,
        isMain: main,
        addressLines: main
          ? addressLines
          : [
              `${random.int(1, 250)} ${random.pick(STREETS)}`,
              branchPlace,
              ...(l.town ? [l.town.name] : []),
            ],
        postcode: main ? postcode : drawPostcode(random, random.pick(districts)),
        latitude: at.latitude,
        longitude: at.longitude,
        services: siteServices(random, listSize, main),
      });
    }

    // History of the list: about half a per cent growth a quarter, ending at today's register.
    const growth = random.normal(0.004, 0.004);
    const history = member
      ? quarters.map((date, q) => ({
          date,
          listSize:
            q === 7
              ? listSize
              : Math.max(
                  0,
                  Math.round((listSize / (1 + growth) ** (7 - q)) * (1 + random.normal(0, 0.002))),
                ),
        }))
      : [];

    const membership = member
      ? memberHistory(membershipRandom, profile, index, joiners.has(index), startDay, latestJoin)
      : prospectHistory(membershipRandom, profile, l.prospect, asOf);

    practices.push({
      index,
      odsCode: `${profile.odsPrefix}${String(index + 1).padStart(3, '0')}`,
      name,
      setting: l.setting,
      area: l.town?.name ?? place.rural.name,
      contractType: weighted(random, profile.contractMix),
      contractHolding: policy.contractHolding,
      addressLines,
      postcode,
      phone: drawPhone(random, l.town?.phonePrefix ?? place.rural.phonePrefix),
      openedOn,
      region: place.region,
      listSize,
      listSizes: history,
      sites,
      membership,
      patientDistricts: [home, ...neighbours(districts, home)],
    });
    if (member) {
      staff.push(
        ...practiceStaff(
          stream('staff', index),
          {
            practiceIndex: index,
            listSize,
            openedOn,
            fullCareerLadder: profile.fullCareerLadder,
          },
          asOf,
        ),
      );
    }
  }
  const patientTotal = listSizes.reduce((sum, n) => sum + n, 0);
  staff.push(
    ...centralStaff(
      stream('central'),
      {
        patients: patientTotal,
        perHundredThousand: profile.centralStaffPer100k,
        salariedPool: form === 'autonomy-super-partnership',
        startedOn: profile.startedOn,
      },
      asOf,
    ),
  );
  // The workforce beyond the register, each part from a stream of its own so that the staff,
  // sites and patients above are what they were before it was added.
  const withCrisis = scale !== 'tiny';
  if (withCrisis) {
    staff.push(
      ...resilienceTeam(
        stream('resilience-team'),
        { patients: patientTotal, startedOn: profile.startedOn },
        asOf,
      ),
    );
  }
  staff.push(
    ...poolStaff(
      stream('pool-staff'),
      {
        patients: patientTotal,
        salariedGps: staff.filter(
          (s) => s.employingBody === 'organisation' && s.staffRole === 'gp' && !s.resilienceTeam,
        ).length,
        locumGps: staff.filter((s) => s.employingBody === 'self-employed').length,
        startedOn: profile.startedOn,
      },
      asOf,
    ),
  );
  const detailed = staffDetails(stream('staff-details'), staff);

  const organisationSites = organisationSitesOf(stream('organisation-sites'), profile);
  const workforce = demoWorkforce({
    stream,
    practices,
    memberCount,
    organisationSites,
    staff: detailed,
    today,
    asOf,
    withCrisis,
  });
  const gradeChanges = gradeHistory(
    stream('grade-history'),
    detailed,
    asOf,
    profile.fullCareerLadder,
  );
  const costs = costCentresOf(practices.slice(0, memberCount), form, shape.merge, asOf);

  const sitesTotal = practices.reduce((sum, p) => sum + p.sites.length, organisationSites.length);
  const plan: DemoPlan = {
    scale,
    seed,
    form,
    asOf,
    today,
    organisation: {
      name: profile.organisationName,
      form,
      startedOn: profile.startedOn,
      formChangeReason: `Formed as ${indefinite(midSentence(ORGANISATION_FORM_LABELS[form]))}`,
    },
    practices,
    organisationSites,
    staff: detailed,
    workforce: { ...workforce, gradeChanges },
    ...costs,
    users: demoUsersFor(profile.users, memberCount),
    totals: {
      memberPractices: memberCount,
      prospectivePractices: practices.length - memberCount,
      patients: patientTotal,
      sites: sitesTotal,
      staff: detailed.length,
      partners: detailed.filter((s) => isPartnerGrade(s.grade)).length,
    },
    patientsOf(practiceIndex: number) {
      const practice = practices[practiceIndex];
      if (!practice) throw new Error(`no practice ${practiceIndex} in the plan`);
      return generatePatients(
        stream('patients', practiceIndex),
        {
          practiceIndex,
          listSize: practice.listSize,
          firstSerial: serialStarts[practiceIndex] ?? 0,
          openedOn: practice.openedOn,
          districts: practice.patientDistricts,
        },
        asOf,
      );
    },
    *patients() {
      for (const practice of practices) yield* plan.patientsOf(practice.index);
    },
  };
  return plan;
}

/** A form's label inside a sentence: `autonomy super-partnership`, but `MCP contract`. */
export function midSentence(label: string): string {
  return label.replace(/^[A-Z](?=[a-z])/, (first) => first.toLowerCase());
}

function indefinite(phrase: string): string {
  // "an MCP contract": the article follows the sound, and M is said "em".
  return /^(?:[aeiou]|MCP)/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}

function memberHistory(
  random: Random,
  profile: DemoFormProfile,
  index: number,
  joiner: boolean,
  startDay: number,
  latestJoin: number,
): DemoMembership {
  if (!joiner) {
    return walk(
      profile.form,
      [
        {
          to: 'member',
          on: profile.startedOn,
          note: 'Founding member',
          document: policyFor(profile.form).signingDocument,
        },
      ],
      [],
      profile.decider,
    );
  }
  // Joined a year or more after the start, at the start of a month, after nine months of
  // enquiry, due diligence, decision, signing and onboarding.
  const joined = firstOfMonth(isoOfEpochDay(random.int(startDay + 365, latestJoin)));
  const ddStart = addMonths(joined, -7);
  const dueDiligence = DUE_DILIGENCE_ITEMS.map((kind, k) =>
    assessed(random, kind, addDays(ddStart, 7 * (k + 1)), [
      ['green', 0.75],
      ['amber', 0.22],
      ['red', 0.03],
    ]),
  );
  return walk(
    profile.form,
    [
      { to: 'enquiry', on: addMonths(joined, -9), note: `Enquiry from practice ${index + 1}` },
      { to: 'due-diligence', on: ddStart },
      { to: 'decision', on: addMonths(joined, -4) },
      { to: 'signed', on: addMonths(joined, -3) },
      { to: 'onboarding', on: addMonths(joined, -2) },
      { to: 'member', on: joined },
    ],
    dueDiligence,
    profile.decider,
  );
}

/** A prospect part-way through the pipeline, so the membership board has something to show. */
function prospectHistory(
  random: Random,
  profile: DemoFormProfile,
  stage: MembershipStage,
  asOf: IsoDate,
): DemoMembership {
  if (stage === 'enquiry') {
    return walk(
      profile.form,
      [{ to: 'enquiry', on: addDays(asOf, -20), note: 'Partners asked about joining' }],
      [],
      profile.decider,
    );
  }
  if (stage === 'due-diligence') {
    const started = addDays(asOf, -45);
    // Some of the checklist rated (one of them red), some not yet.
    const dueDiligence: DemoDueDiligenceItem[] = [
      assessed(random, 'finances', addDays(started, 10), [['green', 1]]),
      assessed(random, 'cqc-rating', addDays(started, 12), [['green', 1]]),
      assessed(random, 'list-growth', addDays(started, 15), [['amber', 1]]),
      assessed(random, 'premises-liability', addDays(started, 21), [['red', 1]]),
      { item: 'workforce', rating: null, evidence: '', assessedOn: addDays(started, 21) },
      { item: 'ethos-interview', rating: null, evidence: '', assessedOn: addDays(started, 21) },
    ];
    return walk(
      profile.form,
      [
        { to: 'enquiry', on: addDays(asOf, -80), note: 'Partners asked about joining' },
        { to: 'due-diligence', on: started },
      ],
      dueDiligence,
      profile.decider,
    );
  }
  const started = addDays(asOf, -120);
  const dueDiligence = DUE_DILIGENCE_ITEMS.map((kind, k) =>
    assessed(random, kind, addDays(started, 10 * (k + 1)), [
      ['green', 0.6],
      ['amber', 0.35],
      ['red', 0.05],
    ]),
  );
  return walk(
    profile.form,
    [
      { to: 'enquiry', on: addDays(asOf, -150), note: 'Partners asked about joining' },
      { to: 'due-diligence', on: started },
      { to: 'decision', on: addDays(asOf, -10), note: 'Checklist complete: for the board' },
    ],
    dueDiligence,
    profile.decider,
  );
}

function organisationSitesOf(random: Random, profile: DemoFormProfile): DemoSite[] {
  const town = profile.place.towns[0];
  if (!town) return [];
  return profile.organisationSites.map((template) => {
    const at = scatter(random, town, 1);
    return {
      name: template.name,
      isMain: false,
      addressLines: [`${random.int(1, 250)} ${random.pick(STREETS)}`, town.name],
      postcode: drawPostcode(random, random.pick(town.districts)),
      latitude: at.latitude,
      longitude: at.longitude,
      services: [...template.services],
    };
  });
}

/**
 * Cost centres where profit is kept per cost centre (the autonomy form): one per member from
 * the day it joined; at `ohp` scale three small practices of one town also merged into one
 * cost centre from 1 April 2024 (ORG-3), worked out by the domain's own merge rule.
 */
function costCentresOf(
  members: readonly DemoPractice[],
  form: OrganisationForm,
  withMerge: boolean,
  asOf: IsoDate,
): {
  costCentres: DemoCostCentre[];
  costCentreAssignments: DemoCostCentreAssignment[];
  costCentreMerges: DemoCostCentreMerge[];
} {
  if (policyFor(form).profit !== 'per-cost-centre') {
    return { costCentres: [], costCentreAssignments: [], costCentreMerges: [] };
  }
  const costCentres: DemoCostCentre[] = members.map((p) => ({ code: p.odsCode, name: p.name }));
  let assignments: CostCentreAssignment[] = members.map((p) => ({
    practiceId: String(p.index),
    costCentreId: p.odsCode,
    effectiveFrom: p.membership.stageSince,
  }));
  const merges: DemoCostCentreMerge[] = [];
  const mergeOn = '2024-04-01';
  if (withMerge && mergeOn < asOf) {
    // Three of the smaller founders in one town, past the first three practices.
    const byTown = new Map<string, DemoPractice[]>();
    for (const p of members) {
      if (p.index < 3 || p.setting !== 'urban' || p.membership.stageSince >= mergeOn) continue;
      byTown.set(p.area, [...(byTown.get(p.area) ?? []), p]);
    }
    const candidates = [...byTown.values()]
      .filter((group) => group.length >= 3)
      .sort((a, b) => b.length - a.length)[0];
    const merging = candidates?.sort((a, b) => a.listSize - b.listSize).slice(0, 3);
    if (merging && merging.length === 3) {
      const town = merging[0]?.area ?? 'Town';
      const into = { code: 'MERGED-01', name: `${town} Group (merged)` };
      costCentres.push(into);
      const fromCodes = merging.map((p) => p.odsCode);
      assignments = mergeCostCentres(assignments, {
        from: fromCodes,
        into: into.code,
        effectiveFrom: mergeOn,
      });
      merges.push({
        fromCodes,
        intoCode: into.code,
        effectiveFrom: mergeOn,
        reason: `${merging.map((p) => p.name).join(', ')} pooled their books into one cost centre`,
      });
    }
  }
  return {
    costCentres,
    costCentreAssignments: assignments.map((a) => ({
      practiceIndex: Number(a.practiceId),
      costCentreCode: a.costCentreId,
      effectiveFrom: a.effectiveFrom,
    })),
    costCentreMerges: merges,
  };
}

/**
 * The scale of the other forms' demos that `atscale start` builds beside the `small` autonomy
 * demo, so each form can be seen working.
 */
export const START_OTHER_FORMS_SCALE: DemoScale = 'small';

/**
 * What `atscale start` builds on an empty database: every form, the autonomy demo first, with
 * the rota around `today` (the caller passes the day in England it runs, so that the rota, the
 * gap list and the resilience dashboard have something current to show; the same date gives the
 * same demo every time).
 */
export function demoPlansForStart(today: IsoDate, seed: number = DEFAULT_DEMO_SEED): DemoPlan[] {
  return [
    demoPlan({ scale: 'small', seed, form: 'autonomy-super-partnership', today }),
    ...ORGANISATION_FORMS.filter((form) => form !== 'autonomy-super-partnership').map((form) =>
      demoPlan({ scale: START_OTHER_FORMS_SCALE, seed, form, today }),
    ),
  ];
}
