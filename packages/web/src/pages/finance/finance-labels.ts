import {
  BILLING_FREQUENCIES,
  CENTRAL_SAVING_SERVICE_LABELS,
  LEVY_BASES,
  VAT_TREATMENTS,
  VAT_TREATMENT_LABELS,
  type VatTreatment,
} from '@atscale/domain';
import { idAsWords } from '../../format/format';

/** The central services' names (the same list the server's savings route accepts). */
export const SAVING_SERVICE_LABELS: Readonly<Record<string, string>> =
  CENTRAL_SAVING_SERVICE_LABELS;

/** The name of a saving's service; an id this version does not know is shown as its words. */
export const savingServiceLabel = (id: string): string =>
  SAVING_SERVICE_LABELS[id] ?? idAsWords(id);

const BASIS_LABELS: Readonly<Record<string, string>> = {
  'registered-list': 'Registered list',
  'weighted-list': 'Weighted list',
};

const FREQUENCY_LABELS: Readonly<Record<string, string>> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annually: 'Once a year',
};

/** The levy bases, frequencies and VAT treatments as select options. */
export const basisChoices = LEVY_BASES.map((value) => ({
  value,
  label: BASIS_LABELS[value] ?? value,
}));
export const frequencyChoices = BILLING_FREQUENCIES.map((value) => ({
  value,
  label: FREQUENCY_LABELS[value] ?? value,
}));
export const vatChoices = VAT_TREATMENTS.map((value) => ({
  value,
  label: VAT_TREATMENT_LABELS[value],
}));

/** The name of a levy basis, billing frequency or VAT treatment. */
export const basisLabel = (id: string): string => BASIS_LABELS[id] ?? idAsWords(id);
export const frequencyLabel = (id: string): string => FREQUENCY_LABELS[id] ?? idAsWords(id);
const isVatTreatment = (id: string): id is VatTreatment =>
  (VAT_TREATMENTS as readonly string[]).includes(id);
export const vatLabel = (id: string): string =>
  isVatTreatment(id) ? VAT_TREATMENT_LABELS[id] : idAsWords(id);
