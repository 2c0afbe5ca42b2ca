import { AtscaleError } from '../errors.js';
import { checkDatedHistory, inForceOn } from './dated-history.js';
import { assertIsoDate, type IsoDate } from './iso-date.js';
import { isOrganisationForm, type OrganisationForm } from './organisation-forms.js';

/** A change of an organisation's form, in force from its effective date until the next one. */
export interface FormChange {
  readonly form: OrganisationForm;
  readonly effectiveFrom: IsoDate;
}

/** A checked form change: refuses an unknown form or a date not written 'YYYY-MM-DD'. */
export function formChange(form: string, effectiveFrom: string): FormChange {
  if (!isOrganisationForm(form)) {
    const message = `${form} is not an organisational form`;
    throw new AtscaleError('validation-failed', message, [{ field: '/form', message }]);
  }
  assertIsoDate(effectiveFrom, '/effectiveFrom');
  return Object.freeze({ form, effectiveFrom });
}

/**
 * The form in force on a date, or null before the first recorded change. The history may be in
 * any order; two changes on one date are refused (validation-failed) because either could be
 * the one in force.
 */
export function formOn(history: readonly FormChange[], date: IsoDate): OrganisationForm | null {
  assertIsoDate(date, '/date');
  checkDatedHistory(history, (change) => change.effectiveFrom, 'form change');
  return inForceOn(history, (change) => change.effectiveFrom, date)?.form ?? null;
}
