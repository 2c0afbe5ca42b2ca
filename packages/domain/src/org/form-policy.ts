import type { OrganisationForm } from './organisation-forms.js';
import { ORGANISATION_FORMS } from './organisation-forms.js';

/**
 * Who holds the NHS contracts: each member its own, each member its own "on trust" for the
 * wider partnership (the autonomy model), or one contract for the whole organisation.
 */
export type ContractHolding = 'own' | 'on-trust' | 'single';

/**
 * How profit is shared: pooled across the organisation, kept per cost centre (minus a levy), or
 * not shared at all because each member stays a separate business.
 */
export type ProfitModel = 'pooled' | 'per-cost-centre' | 'members-own';

/** Where a leaving member's registered list goes. */
export type ListOnLeaving = 'stays-with-organisation' | 'leaves-with-practice';

/** The document a joining member signs. */
export type SigningDocument = 'deed' | 'mou' | 'alliance-agreement' | 'integration-agreement';

/** Human-readable names of the signing documents. */
export const SIGNING_DOCUMENT_LABELS: Readonly<Record<SigningDocument, string>> = {
  deed: 'Partnership deed',
  mou: 'Memorandum of understanding (MOU)',
  'alliance-agreement': 'Alliance agreement',
  'integration-agreement': 'Integration agreement',
};

/** A default levy and the reason for it, so the UI can show where the figure comes from. */
export interface DefaultLevy {
  /** Integer pence per registered patient per year. */
  readonly pencePerPatientPerYear: number;
  readonly why: string;
}

/**
 * Everything a form decides for the rest of atscale. Capabilities read these answers instead
 * of testing the form name, so a new form or a changed rule is one edit here.
 */
export interface FormPolicy {
  readonly form: OrganisationForm;
  /** Patients may be booked at any site of the organisation, not only their own practice's. */
  readonly bookAtAnySite: boolean;
  /**
   * The organisation may have sites of its own that belong to no member practice: a hub, an
   * open-access phlebotomy centre, a call centre. Where it is false every site is a practice's.
   */
  readonly organisationOwnsSites: boolean;
  readonly contractHolding: ContractHolding;
  /** Members keep their own contracts (outright or on trust); false when one contract is held. */
  readonly membersKeepOwnContracts: boolean;
  readonly profit: ProfitModel;
  readonly defaultLevy: DefaultLevy;
  readonly listOnLeaving: ListOnLeaving;
  /** Services one member provides to another attract VAT (separate taxable businesses). */
  readonly vatOnServicesBetweenMembers: boolean;
  /** Each member practice stays registered with CQC as a provider in its own right. */
  readonly membersKeepOwnCqcRegistration: boolean;
  /** The organisation is run by a board its partners elect (GOV-4). */
  readonly electedBoard: boolean;
  readonly signingDocument: SigningDocument;
  /** The numbers of the source documents these answers come from. */
  readonly sources: readonly string[];
}

// No per-member levy where profit is pooled: central costs come off the top before profit is
// shared, so a levy would only move money from the pool back to the pool.
const POOLED_NO_LEVY =
  'No levy: profit is pooled, so central costs come off the top before it is shared';

const POLICIES: Readonly<Record<OrganisationForm, FormPolicy>> = {
  // MMP (001): single GMS contract, one IT system, "easy access for all patients at any site",
  // rated as one organisation by CQC, profits migrate "to a common mark over a number of years".
  'integrated-super-partnership': {
    form: 'integrated-super-partnership',
    bookAtAnySite: true,
    // One organisation running "12 sites across the City" with "three phlebotomy hubs with open
    // access" (001): the hubs serve every patient and belong to no one member.
    organisationOwnsSites: true,
    contractHolding: 'single',
    membersKeepOwnContracts: false,
    profit: 'pooled',
    defaultLevy: { pencePerPatientPerYear: 0, why: POOLED_NO_LEVY },
    listOnLeaving: 'stays-with-organisation',
    vatOnServicesBetweenMembers: false,
    membersKeepOwnCqcRegistration: false,
    electedBoard: false,
    signingDocument: 'deed',
    sources: ['001'],
  },
  // OHP (001, 003): "each partnership is treated as a cost/profit centre", "Levy of £2 per
  // patient", "Central elected board", "hold their own contract on trust for the wider
  // partnership", "Each will be a registered site with CQC", "signed partnership deeds".
  'autonomy-super-partnership': {
    form: 'autonomy-super-partnership',
    bookAtAnySite: false,
    // "Each constituent practice is responsible for running its own affairs ... Each will be a
    // registered site with CQC" (003): the sites are the members'; the centre is a small team.
    organisationOwnsSites: false,
    contractHolding: 'on-trust',
    membersKeepOwnContracts: true,
    profit: 'per-cost-centre',
    defaultLevy: {
      pencePerPatientPerYear: 200,
      why: 'OHP: "Levy of £2 per patient" (source 001), earned back by central savings',
    },
    // The contract is held on trust for the partnership, so the list belongs to it.
    listOnLeaving: 'stays-with-organisation',
    vatOnServicesBetweenMembers: false,
    membersKeepOwnCqcRegistration: true,
    electedBoard: true,
    signingDocument: 'deed',
    sources: ['001', '003'],
  },
  // Modality/Vitality (001, 002, 004): one call centre triages every request, central unit runs
  // governance, "their patients stay with Vitality", parity of profit planned within two years.
  'pyramidal-super-partnership': {
    form: 'pyramidal-super-partnership',
    bookAtAnySite: true,
    // "All calls go through a call centre in Birmingham" (001) and "a central unit in
    // Birmingham" runs finance, HR and IT (004): places of the organisation, not of a member.
    organisationOwnsSites: true,
    contractHolding: 'own',
    membersKeepOwnContracts: true,
    profit: 'pooled',
    defaultLevy: {
      pencePerPatientPerYear: 0,
      why: `${POOLED_NO_LEVY}; the central unit is paid from the pool (parity within 2 years, 004)`,
    },
    listOnLeaving: 'stays-with-organisation',
    vatOnServicesBetweenMembers: false,
    membersKeepOwnCqcRegistration: false,
    electedBoard: false,
    signingDocument: 'deed',
    sources: ['001', '002', '004'],
  },
  // Federation (001): "Looser arrangement", "easier to leave", "MOU is still a minimum
  // requirement", services to another member are "liable to VAT".
  federation: {
    form: 'federation',
    bookAtAnySite: false,
    // A "looser arrangement" of practices keeping their own contracts (001); the sources give a
    // federation no premises of its own, so shared work happens at members' sites.
    organisationOwnsSites: false,
    contractHolding: 'own',
    membersKeepOwnContracts: true,
    profit: 'members-own',
    defaultLevy: {
      pencePerPatientPerYear: 0,
      why: 'No default: the sources name no federation fee; any subscription is set in the MOU',
    },
    listOnLeaving: 'leaves-with-practice',
    vatOnServicesBetweenMembers: true,
    membersKeepOwnCqcRegistration: true,
    // The sources are silent; federations are commonly run by a board their members elect.
    electedBoard: true,
    signingDocument: 'mou',
    sources: ['001'],
  },
  // Hubs (001): overflow capacity shared by practices that keep their own lists; patients are
  // sent to the hub, not to each other's sites; "set up with additional central funding".
  'hub-network': {
    form: 'hub-network',
    bookAtAnySite: false,
    // The hub is the organisation's own place: Gosport's is "set in a Community Trust-owned
    // property" and serves four practices (001), so it belongs to none of them.
    organisationOwnsSites: true,
    contractHolding: 'own',
    membersKeepOwnContracts: true,
    profit: 'members-own',
    defaultLevy: {
      pencePerPatientPerYear: 0,
      why: 'No default: hubs are "set up with additional central funding" (source 001)',
    },
    listOnLeaving: 'leaves-with-practice',
    // Separate businesses supplying each other, as in a federation (001).
    vatOnServicesBetweenMembers: true,
    membersKeepOwnCqcRegistration: true,
    electedBoard: false,
    signingDocument: 'mou',
    sources: ['001'],
  },
  // MCP virtual (001): "You keep your contract, but sign an alliance agreement".
  'mcp-virtual': {
    form: 'mcp-virtual',
    bookAtAnySite: false,
    // The alliance agreement "sits over but doesn't supersede the traditional contract" (001):
    // the practices keep their contracts and their premises.
    organisationOwnsSites: false,
    contractHolding: 'own',
    membersKeepOwnContracts: true,
    profit: 'members-own',
    defaultLevy: {
      pencePerPatientPerYear: 0,
      why: 'No levy: the alliance sits over existing contracts and is funded by the commissioner',
    },
    listOnLeaving: 'leaves-with-practice',
    vatOnServicesBetweenMembers: true,
    membersKeepOwnCqcRegistration: true,
    electedBoard: false,
    signingDocument: 'alliance-agreement',
    sources: ['001'],
  },
  // MCP partially integrated (001): "You keep your contract. There is an Integration agreement".
  'mcp-partially-integrated': {
    form: 'mcp-partially-integrated',
    bookAtAnySite: false,
    // "You keep your contract" (001): the integration agreement sets an estates strategy, but
    // the sites stay with the practices that hold the contracts.
    organisationOwnsSites: false,
    contractHolding: 'own',
    membersKeepOwnContracts: true,
    profit: 'members-own',
    defaultLevy: {
      pencePerPatientPerYear: 0,
      why: 'No levy: members keep their contracts; shared work is funded under the agreement',
    },
    listOnLeaving: 'leaves-with-practice',
    vatOnServicesBetweenMembers: true,
    membersKeepOwnCqcRegistration: true,
    electedBoard: false,
    signingDocument: 'integration-agreement',
    sources: ['001'],
  },
  // MCP fully integrated (001): "Old contract goes and is replaced by one lasting for 10-15
  // years", budget "pooled", top slice 2.5-4% earned back (POP-2, not a per-patient levy).
  'mcp-fully-integrated': {
    form: 'mcp-fully-integrated',
    bookAtAnySite: true,
    // "Old contract goes and is replaced by one" (001): the MCP holds the one contract, so it
    // may run sites under it that belong to no former practice.
    organisationOwnsSites: true,
    contractHolding: 'single',
    membersKeepOwnContracts: false,
    profit: 'pooled',
    defaultLevy: {
      pencePerPatientPerYear: 0,
      why: 'No levy: the whole population budget is top-sliced instead (2.5-4%, source 001)',
    },
    // The practice's own contract is gone, so its list is held under the MCP contract.
    listOnLeaving: 'stays-with-organisation',
    vatOnServicesBetweenMembers: false,
    membersKeepOwnCqcRegistration: false,
    electedBoard: false,
    signingDocument: 'deed',
    sources: ['001'],
  },
};

/** The policy of every form, frozen so no caller can change a rule for everyone else. */
export const FORM_POLICIES: Readonly<Record<OrganisationForm, FormPolicy>> = Object.freeze(
  Object.fromEntries(
    ORGANISATION_FORMS.map((form) => [form, Object.freeze({ ...POLICIES[form] })]),
  ) as Record<OrganisationForm, FormPolicy>,
);

/** The policy of one form: the single place to ask "does this form allow X". */
export function policyFor(form: OrganisationForm): FormPolicy {
  return FORM_POLICIES[form];
}
