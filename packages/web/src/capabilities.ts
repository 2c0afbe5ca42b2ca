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
    capability: 'population',
    path: '/population/frailty',
    title: 'Frailty',
    description:
      'The electronic frailty index of every patient aged 65 or over across the practices, by category and age band; import coded records, score them, and open a practice’s worklist.',
  },
  {
    capability: 'population',
    path: '/population/registers',
    title: 'Registers',
    description:
      'Registers for schemes defined by SNOMED CT code lists, their counts and prevalence per practice and age band; administrators define new ones from a loaded list or a file of codes.',
  },
  {
    capability: 'population',
    path: '/population/mcp-budget',
    title: 'MCP budget',
    description:
      'The MCP whole population budget by contributor, the top slice into the quality pool and what each quality metric earned back, actual spend against budget and each party’s gain or loss, with a what-if.',
  },
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
    capability: 'org',
    path: '/organisation/system-clients',
    title: 'System clients',
    description:
      'Other systems, such as a hub’s booking system or NHS 111, that book through the FHIR API: register one with its scopes, copy its secret once, revoke it at once.',
  },
  {
    capability: 'access',
    path: '/access/requests/new',
    title: 'Record a request',
    description:
      'Take a request from a patient who phones or comes to the desk: find them on the register, then record what they need, clinical or admin.',
  },
  {
    capability: 'access',
    path: '/access/triage',
    title: 'Triage queue',
    description:
      'Every request from every door in one queue per practice or call centre, ordered by need, with live counts; claim a request and record its urgency and outcome.',
  },
  {
    capability: 'access',
    path: '/access/triage/to-book',
    title: 'Requests to book',
    description:
      'Triaged requests whose outcome needs an appointment and that do not have one yet, most urgent first.',
  },
  {
    capability: 'access',
    path: '/access/triage/kpis',
    title: 'Triage KPIs',
    description:
      'Face-to-face conversion, time to triage and to the appointment, and the outcome mix, by practice, call centre, triager or day.',
  },
  {
    capability: 'access',
    path: '/access/hubs',
    title: 'Hubs',
    description:
      'Hubs shared by practices: their sites, each practice’s agreed daily threshold, and each day’s fair shares, use, release and utilisation.',
  },
  {
    capability: 'access',
    path: '/access/reports',
    title: 'Access reports',
    description:
      'In-house appointments and hub use per 1,000 patients against what each practice agreed, with outliers flagged, and DNA rates by lead time.',
  },
  {
    capability: 'access',
    path: '/access/walk-in',
    title: 'Walk-in clinics',
    description:
      'Open-access clinics such as phlebotomy: tickets in order of arrival, estimated waits, calling the next patient, and a waiting room screen.',
  },
  {
    capability: 'access',
    path: '/access/booking',
    title: 'Find and book a slot',
    description:
      'Free slots across sites by service, channel, date and distance; hold one while talking to the patient, book it, cancel or move it, without double bookings.',
  },
  {
    capability: 'access',
    path: '/access/clinician',
    title: 'Clinician’s day',
    description:
      'A clinician’s booked appointments for a day, in time order, with the patient and room, and whether each patient came.',
  },
  {
    capability: 'access',
    path: '/access/patterns',
    title: 'Session patterns',
    description:
      'Weekly patterns of sessions at each site, with the service, slot length and who may book, and the rota sessions and slots made from them for a range of dates.',
  },
  {
    capability: 'access',
    path: '/access/settings/routing',
    title: 'Request routing',
    description:
      'Whether requests go to each practice’s own queue or to the call centres, the call centres and the practices each triages for, and how long slots are held.',
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
  {
    capability: 'workforce',
    path: '/workforce/career-ladder',
    title: 'Career ladder',
    description:
      'The grades doctors move up and down, lowest rung first, which administrators set for the organisation.',
  },
  {
    capability: 'finance',
    path: '/finance/practice',
    title: 'Practice finance',
    description:
      'One page for a practice: its profit and loss against last year, its levy invoices and what they are due, and the savings the central services made it.',
  },
  {
    capability: 'finance',
    path: '/finance/profit-and-loss',
    title: 'Profit and loss',
    description:
      'Income and expenditure by account for a cost centre and a year, quarter or month, against the same period last year, with the profit per partner.',
  },
  {
    capability: 'finance',
    path: '/finance/dashboard',
    title: 'Central finance dashboard',
    description:
      'Profit by cost centre, levy collected against savings delivered, and unpaid levy invoices by how overdue they are, across the organisation.',
  },
  {
    capability: 'finance',
    path: '/finance/levy',
    title: 'Levy',
    description:
      'The levy’s rate, basis, frequency, VAT and terms; running it for a billing period; and its invoices, to print and to mark paid.',
  },
  {
    capability: 'finance',
    path: '/finance/savings',
    title: 'Central savings',
    description:
      'What the central services saved each practice, and each practice’s levy against its savings, with the organisation’s net benefit.',
  },
  {
    capability: 'finance',
    path: '/finance/payments',
    title: 'Payments',
    description:
      'Payments each practice expects, bank statements imported and matched to them, the ones waiting for review, and the overdue ones by age with who chases them.',
  },
  {
    capability: 'finance',
    path: '/finance/recharges',
    title: 'Recharges',
    description:
      'Services one member practice provides another: the agreements and their unit prices, usage, the monthly invoices with VAT shown apart, to print and to mark paid.',
  },
  {
    capability: 'finance',
    path: '/finance/budgets',
    title: 'Budgets',
    description:
      'Each cost centre’s budget for a financial year by account, which profit and loss shows beside the actuals.',
  },
  {
    capability: 'finance',
    path: '/finance/parity',
    title: 'Profit parity planner',
    description:
      'A glide path that brings every cost centre’s profit per partner to a common mark over a number of years, with the transfers between centres each year.',
  },
  {
    capability: 'governance',
    path: '/governance/safety-case',
    title: 'Clinical safety case',
    description:
      'The hazard log of atscale (DCB0129): each hazard’s causes, harm and risk before and after its controls, and the tests that prove each control.',
  },
  {
    capability: 'governance',
    path: '/governance/policies',
    title: 'Policy library',
    description:
      'The central policies, each version approved and kept: what was in force on any date, the changes between versions, and which practices have adopted and which staff acknowledged them.',
  },
  {
    capability: 'governance',
    path: '/governance/significant-events',
    title: 'Significant events and complaints',
    description:
      'Significant events and complaints at each practice, investigated to learning and closed, complaints acknowledged within 3 working days, with the organisation’s themes shown without naming practices.',
  },
  {
    capability: 'governance',
    path: '/governance/standards',
    title: 'Agreement standards',
    description:
      'Each practice against the agreement’s standards (access, quality, finance, workforce) quarter by quarter, rated red, amber or green from the records, with the thresholds.',
  },
  {
    capability: 'governance',
    path: '/governance/peer-reviews',
    title: 'Peer review',
    description:
      'Peer review meetings, their findings against the standards and the actions agreed, each with an owner and a due date, tracked until closed.',
  },
  {
    capability: 'governance',
    path: '/governance/cqc',
    title: 'CQC readiness',
    description:
      'Each site’s CQC registration, registered manager and latest ratings by key question, the evidence held for each question with the gaps, and the organisation’s readiness for inspection.',
  },
  {
    capability: 'governance',
    path: '/governance/elections',
    title: 'Board elections',
    description:
      'Elections of the board by the partners: nominations with statements, a secret ballot with receipt codes, and the single transferable vote count stage by stage.',
  },
];

/** The section `path` belongs to: a section's own route, or any page under it. */
export function sectionOf(path: string): Capability | undefined {
  return capabilities.find(
    (capability) => path === capability.path || path.startsWith(`${capability.path}/`),
  );
}
