import type { SiteService } from '../org/site.js';
import type { Role } from '../auth/roles.js';
import type { IsoDate } from '../org/iso-date.js';
import type { OrganisationForm } from '../org/organisation-forms.js';
import { DEMO_PLACES, type DemoPlace } from './places.js';

/** The password of every demo sign-in. */
export const DEMO_PASSWORD = 'atscale-demo';

/** The name of the autonomy super-partnership demo, the one `atscale start` is built around. */
export const DEMO_ORGANISATION_NAME = 'Demo Health Partnership';

/** A person who can sign in to a demo organisation, with their roles (practices by position). */
export interface DemoUser {
  /** How the demo refers to them: `admin`, `clinician`, `navigator`. */
  readonly key: string;
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly { readonly role: Role; readonly practiceIndex: number | null }[];
}

/**
 * A demo user as a form's profile declares them. A grant may name each member practice
 * (`'each-member'`), which the plan turns into one grant per member practice, however many the
 * scale has: a call centre's clinician triages for every practice whose requests it takes.
 */
export interface DemoUserTemplate extends Omit<DemoUser, 'grants'> {
  readonly grants: readonly {
    readonly role: Role;
    readonly practiceIndex: number | null | 'each-member';
  }[];
}

/** A profile's users for a plan whose member practices are the first `memberCount`. */
export function demoUsersFor(users: readonly DemoUserTemplate[], memberCount: number): DemoUser[] {
  return users.map((user) => ({
    ...user,
    grants: user.grants.flatMap(({ role, practiceIndex }) =>
      practiceIndex === 'each-member'
        ? Array.from({ length: memberCount }, (_, i) => ({ role, practiceIndex: i }))
        : [{ role, practiceIndex }],
    ),
  }));
}

/** A contract type with how often the demo's practices hold it. */
type ContractMix = readonly (readonly ['GMS' | 'PMS' | 'APMS', number])[];

/** A site of the whole organisation rather than of one practice (a hub, a call centre). */
export interface DemoOrganisationSiteTemplate {
  readonly name: string;
  readonly services: readonly SiteService[];
}

/** What makes each form's demo organisation its own. */
export interface DemoFormProfile {
  readonly form: OrganisationForm;
  readonly organisationName: string;
  /** The first three characters of its practices' ODS codes (Y90 for Y90001 ...). */
  readonly odsPrefix: string;
  /** When the organisation was formed: its form is in force from this date. */
  readonly startedOn: IsoDate;
  readonly place: DemoPlace;
  readonly users: readonly DemoUserTemplate[];
  readonly contractMix: ContractMix;
  /** Who takes joining decisions, as membership history records it. */
  readonly decider: string;
  readonly organisationSites: readonly DemoOrganisationSiteTemplate[];
  /** Staff employed centrally per 100,000 patients (the central unit or team). */
  readonly centralStaffPer100k: number;
  /** Whether the doctors' ladder below partner is used in full (associate GPs, fixed shares). */
  readonly fullCareerLadder: boolean;
  /**
   * Where its NHS numbers start in the 999 test range (a serial 0-999,999), so demos of
   * different forms in one database use different numbers.
   */
  readonly nhsSerialOffset: number;
}

// England's practices: about seven in ten hold GMS, a quarter PMS and a few APMS contracts.
const ENGLAND_MIX: ContractMix = [
  ['GMS', 0.7],
  ['PMS', 0.25],
  ['APMS', 0.05],
];

const admin = (email: string, displayName: string): DemoUser => ({
  key: 'admin',
  email,
  displayName,
  grants: [
    { role: 'org-admin', practiceIndex: null },
    { role: 'central-operations', practiceIndex: null },
    { role: 'practice-manager', practiceIndex: 0 },
  ],
});

const PROFILES: Readonly<Record<OrganisationForm, DemoFormProfile>> = {
  'autonomy-super-partnership': {
    form: 'autonomy-super-partnership',
    organisationName: DEMO_ORGANISATION_NAME,
    odsPrefix: 'Y90',
    startedOn: '2015-04-01',
    place: DEMO_PLACES.midlands,
    users: [
      admin('demo@atscale.test', 'Alex Morgan'),
      {
        key: 'clinician',
        email: 'clinician@atscale.test',
        displayName: 'Dr Sam Okafor',
        grants: [{ role: 'clinician', practiceIndex: 0 }],
      },
      {
        key: 'navigator',
        email: 'navigator@atscale.test',
        displayName: 'Jo Lee',
        grants: [{ role: 'care-navigator', practiceIndex: 1 }],
      },
      {
        // The central workforce lead: fills rota gaps from the pools across every practice.
        key: 'workforce',
        email: 'workforce@atscale.test',
        displayName: 'Chris Patel',
        grants: [{ role: 'central-workforce', practiceIndex: null }],
      },
      {
        // Central finance: the ledgers, the levy, savings and payment chasing, organisation-wide.
        key: 'finance',
        email: 'finance@atscale.test',
        displayName: 'Morgan Hughes',
        grants: [{ role: 'central-finance', practiceIndex: null }],
      },
    ],
    contractMix: ENGLAND_MIX,
    decider: 'Central board',
    organisationSites: [],
    // OHP: "a small central team" (001).
    centralStaffPer100k: 4,
    fullCareerLadder: false,
    nhsSerialOffset: 0,
  },
  'integrated-super-partnership': {
    form: 'integrated-super-partnership',
    organisationName: 'Irwell Medical Partnership',
    odsPrefix: 'Y91',
    startedOn: '2014-04-01',
    place: DEMO_PLACES.northWest,
    users: [admin('integrated@atscale.test', 'Priya Shah')],
    // MMP: one GMS contract for the whole organisation (001).
    contractMix: [['GMS', 1]],
    decider: 'Partners’ meeting',
    organisationSites: [{ name: 'Central phlebotomy hub', services: ['open-access-phlebotomy'] }],
    centralStaffPer100k: 20,
    fullCareerLadder: false,
    nhsSerialOffset: 400_000,
  },
  'pyramidal-super-partnership': {
    form: 'pyramidal-super-partnership',
    organisationName: 'Aire Valley Health Partnership',
    odsPrefix: 'Y92',
    startedOn: '2013-10-01',
    place: DEMO_PLACES.yorkshire,
    users: [
      admin('pyramidal@atscale.test', 'Tom Fletcher'),
      {
        // A clinician of the call centres, which take every member practice's requests: a
        // hub clinician at each member practice, so they triage and book for all of them.
        key: 'callcentre',
        email: 'callcentre@atscale.test',
        displayName: 'Dr Nadia Hussain',
        grants: [{ role: 'hub-clinician', practiceIndex: 'each-member' }],
      },
    ],
    contractMix: ENGLAND_MIX,
    decider: 'Executive board',
    // Modality/Vitality: "All calls go through a call centre" and a central unit (001, 004).
    organisationSites: [
      { name: 'Call centre and central unit', services: ['call-centre', 'telephone-triage'] },
    ],
    centralStaffPer100k: 30,
    fullCareerLadder: true,
    nhsSerialOffset: 475_000,
  },
  federation: {
    form: 'federation',
    organisationName: 'Avon Vale GP Federation',
    odsPrefix: 'Y93',
    startedOn: '2016-07-01',
    place: DEMO_PLACES.bristol,
    users: [admin('federation@atscale.test', 'Kate Bishop')],
    contractMix: ENGLAND_MIX,
    decider: 'Federation board',
    organisationSites: [],
    centralStaffPer100k: 3,
    fullCareerLadder: false,
    nhsSerialOffset: 550_000,
  },
  'hub-network': {
    form: 'hub-network',
    organisationName: 'Solent Extended Access Hub',
    odsPrefix: 'Y94',
    startedOn: '2017-01-01',
    place: DEMO_PLACES.solent,
    users: [admin('hub@atscale.test', 'Ravi Mistry')],
    contractMix: ENGLAND_MIX,
    decider: 'Hub steering group',
    // Gosport: a hub in a community trust building, with MSK and geriatric opinion (001).
    organisationSites: [
      {
        name: 'Extended access hub',
        services: ['extended-hours', 'msk', 'geriatric-assessment'],
      },
    ],
    centralStaffPer100k: 12,
    fullCareerLadder: false,
    nhsSerialOffset: 625_000,
  },
  'mcp-virtual': {
    form: 'mcp-virtual',
    organisationName: 'Broadland Care Alliance',
    odsPrefix: 'Y95',
    startedOn: '2018-04-01',
    place: DEMO_PLACES.norfolk,
    users: [admin('mcp-virtual@atscale.test', 'Helen Carr')],
    contractMix: ENGLAND_MIX,
    decider: 'Alliance board',
    organisationSites: [],
    centralStaffPer100k: 5,
    fullCareerLadder: false,
    nhsSerialOffset: 700_000,
  },
  'mcp-partially-integrated': {
    form: 'mcp-partially-integrated',
    organisationName: 'Tyneside Community Care Partnership',
    odsPrefix: 'Y96',
    startedOn: '2018-10-01',
    place: DEMO_PLACES.tyneside,
    users: [admin('mcp-partial@atscale.test', 'Joe Robson')],
    contractMix: ENGLAND_MIX,
    decider: 'Integration board',
    organisationSites: [],
    centralStaffPer100k: 8,
    fullCareerLadder: false,
    nhsSerialOffset: 775_000,
  },
  'mcp-fully-integrated': {
    form: 'mcp-fully-integrated',
    organisationName: 'Tamar Community Provider',
    odsPrefix: 'Y97',
    startedOn: '2019-04-01',
    place: DEMO_PLACES.devon,
    users: [admin('mcp-full@atscale.test', 'Sian Rees')],
    // The practices' contracts are replaced by the one MCP contract, an APMS-style contract.
    contractMix: [['APMS', 1]],
    decider: 'MCP board',
    organisationSites: [],
    centralStaffPer100k: 25,
    fullCareerLadder: false,
    nhsSerialOffset: 850_000,
  },
};

/** The demo profile of a form: its name, place, sign-ins and what sets it apart. */
export function demoProfile(form: OrganisationForm): DemoFormProfile {
  return PROFILES[form];
}
