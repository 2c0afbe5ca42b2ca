// Human-readable names for the role and organisational-form ids the API uses.
// They may move to the domain package once it exports the id lists.

/** Display labels for role ids, in the order the roles are usually listed. */
export const roleLabels: Readonly<Record<string, string>> = {
  'org-admin': 'Organisation administrator',
  'central-operations': 'Central operations',
  'central-finance': 'Central finance',
  'central-workforce': 'Central workforce',
  governance: 'Governance lead',
  'board-member': 'Board member',
  partner: 'Partner',
  'practice-manager': 'Practice manager',
  'care-navigator': 'Care navigator',
  clinician: 'Clinician',
  'hub-clinician': 'Hub clinician',
};

/** Display labels for organisational form ids (see "The organisational forms" in DOMAIN.md). */
export const formLabels: Readonly<Record<string, string>> = {
  'integrated-super-partnership': 'Integrated super-partnership',
  'autonomy-super-partnership': 'Autonomy super-partnership',
  'pyramidal-super-partnership': 'Pyramidal super-partnership',
  federation: 'Federation',
  'hub-network': 'Hub network',
  'mcp-virtual': 'MCP contract (virtual integration)',
  'mcp-partially-integrated': 'MCP contract (partially integrated)',
  'mcp-fully-integrated': 'MCP contract (fully integrated)',
};

const fallback = (id: string): string => {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The label for a role id; an unknown id is shown as its words rather than hidden. */
export function roleLabel(id: string): string {
  return roleLabels[id] ?? fallback(id);
}

/** The label for an organisational form id; an unknown id is shown as its words. */
export function formLabel(id: string): string {
  return formLabels[id] ?? fallback(id);
}
