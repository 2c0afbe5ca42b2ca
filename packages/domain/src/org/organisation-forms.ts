/** The organisational forms of general practice at scale (see DOMAIN.md). */
export const ORGANISATION_FORMS = [
  'integrated-super-partnership',
  'autonomy-super-partnership',
  'pyramidal-super-partnership',
  'federation',
  'hub-network',
  'mcp-virtual',
  'mcp-partially-integrated',
  'mcp-fully-integrated',
] as const;

/** One organisational form. */
export type OrganisationForm = (typeof ORGANISATION_FORMS)[number];

/** Human-readable names of the forms. */
export const ORGANISATION_FORM_LABELS: Readonly<Record<OrganisationForm, string>> = {
  'integrated-super-partnership': 'Integrated super-partnership',
  'autonomy-super-partnership': 'Autonomy super-partnership',
  'pyramidal-super-partnership': 'Pyramidal super-partnership',
  federation: 'Federation',
  'hub-network': 'Hub network',
  'mcp-virtual': 'MCP contract (virtual integration)',
  'mcp-partially-integrated': 'MCP contract (partially integrated)',
  'mcp-fully-integrated': 'MCP contract (fully integrated)',
};

/** True when the text names a known form. */
export function isOrganisationForm(value: string): value is OrganisationForm {
  return (ORGANISATION_FORMS as readonly string[]).includes(value);
}
