import type { DateParts } from '../format/date-input';

/** A text field's value from a submitted form as typed; '' when it is missing (or a file). */
export const fieldText = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** A text field's value from a submitted form, trimmed; '' when it is missing (or a file). */
export const fieldValue = (form: FormData, name: string): string => fieldText(form, name).trim();

/** The day, month and year of the date input with id `id` in a submitted form, trimmed. */
export const dateParts = (form: FormData, id: string): DateParts => ({
  day: fieldValue(form, `${id}-day`),
  month: fieldValue(form, `${id}-month`),
  year: fieldValue(form, `${id}-year`),
});
