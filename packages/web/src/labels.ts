import { ORGANISATION_FORM_LABELS, ROLE_LABELS, isOrganisationForm, isRole } from '@atscale/domain';

const asWords = (id: string): string => {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The label for a role id; an id this version does not know is shown as its words. */
export function roleLabel(id: string): string {
  return isRole(id) ? ROLE_LABELS[id] : asWords(id);
}

/** The label for an organisational form id; an unknown id is shown as its words. */
export function formLabel(id: string): string {
  return isOrganisationForm(id) ? ORGANISATION_FORM_LABELS[id] : asWords(id);
}
