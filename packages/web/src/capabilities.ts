/** One capability of the platform, shown as a section in the header navigation. */
export interface Capability {
  /** The capability folder name shared by every package (see ARCHITECTURE.md). */
  id: 'org' | 'access' | 'workforce' | 'finance' | 'governance' | 'population' | 'planning';
  /** The section's route. */
  path: string;
  /** The navigation label and page heading. */
  title: string;
  /** One line on what the section will do, from the feature catalogue in DOMAIN.md. */
  description: string;
}

/** The sections of the app, in navigation order. */
export const capabilities: readonly Capability[] = [
  {
    id: 'org',
    path: '/organisation',
    title: 'Organisation',
    description:
      'Set up the organisation in any form, with its member practices, sites and cost centres, and run membership from enquiry and due diligence to joining or leaving.',
  },
  {
    id: 'access',
    path: '/access',
    title: 'Access',
    description:
      'One request queue for every practice, total triage by need, cross-site booking without double bookings, and fair shares of hub capacity.',
  },
  {
    id: 'workforce',
    path: '/workforce',
    title: 'Workforce',
    description:
      'A staff register with grades and skills, sessions and rotas across sites, internal locum and salaried pools, and a resilience score for each practice.',
  },
  {
    id: 'finance',
    path: '/finance',
    title: 'Finance',
    description:
      'A profit and cost centre ledger per practice, per-patient levy invoicing, central savings, payment reconciliation and the profit parity glide path.',
  },
  {
    id: 'governance',
    path: '/governance',
    title: 'Governance',
    description:
      'A versioned policy library adopted by every practice, CQC registration and evidence per site, agreed standards and secret-ballot board elections.',
  },
  {
    id: 'population',
    path: '/population',
    title: 'Population',
    description:
      'Risk stratification such as the electronic frailty index across every practice, scheme registers, and MCP whole population budgets.',
  },
  {
    id: 'planning',
    path: '/planning',
    title: 'Planning',
    description:
      'Compare the status quo, a federation, a hub, each super-partnership form and an MCP on access, resilience and money, with demand variability simulated.',
  },
];

/** The capability whose route is `path`, if any. */
export function capabilityAt(path: string): Capability | undefined {
  return capabilities.find((capability) => capability.path === path);
}

/** A page inside a section, reached from the section's own page rather than the header. */
export interface SectionPage {
  /** The section it belongs to: the header marks that section while the page is shown. */
  capability: Capability['id'];
  path: string;
  title: string;
  description: string;
}

/** The pages inside sections, by section; a section's page links to its own. */
export const sectionPages: readonly SectionPage[] = [
  {
    capability: 'org',
    path: '/organisation/cost-centres',
    title: 'Cost centres',
    description:
      'Which cost centre each practice is in, list sizes by cost centre on any date, and merges of cost centres with their history.',
  },
  {
    capability: 'org',
    path: '/organisation/membership',
    title: 'Membership pipeline',
    description:
      'Practices from their first enquiry through due diligence and the decision to joining, and members leaving, with every stage change audited.',
  },
  {
    capability: 'workforce',
    path: '/workforce/staff',
    title: 'Staff',
    description:
      'Everyone who works in the organisation: role, registration, home practice, sites, skills and sessions, with each doctor’s moves up and down the career ladder.',
  },
  {
    capability: 'workforce',
    path: '/workforce/resilience',
    title: 'Practice resilience',
    description:
      'A resilience score for each practice with the reasons in words and its trend, crises declared by practices, and the resilience team deployed to them.',
  },
  {
    capability: 'workforce',
    path: '/workforce/rota',
    title: 'Rota',
    description:
      'Each practice’s sessions by site, a week or a month at a time, with who is on them, leave and sickness, and the gaps to fill.',
  },
  {
    capability: 'workforce',
    path: '/workforce/gaps',
    title: 'Rota gaps',
    description:
      'Every session short of people across the organisation, most urgent first, by practice and role.',
  },
];

/** The section `path` belongs to: a section's own route, or any page under it. */
export function sectionOf(path: string): Capability | undefined {
  return capabilities.find(
    (capability) => path === capability.path || path.startsWith(`${capability.path}/`),
  );
}
