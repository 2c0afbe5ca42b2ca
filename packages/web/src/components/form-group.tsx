import type { ReactNode } from 'react';
import { FieldMessages, fieldMessageIds } from './field-messages';

/** The class of an NHS.UK form group, marked as in error when the field has an error message. */
export const formGroupClass = (error: string | undefined) =>
  error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group';

/** The class of a text input, textarea or select (`kind`), with its error modifier when in error. */
export const controlClass = (kind: 'input' | 'textarea' | 'select', error: string | undefined) =>
  error ? `nhsuk-${kind} nhsuk-${kind}--error` : `nhsuk-${kind}`;

/**
 * An NHS.UK form group for one labelled control: the label, then the hint and error, then the
 * control (`children`), whose aria-describedby is {@link fieldMessageIds}' `describedBy`.
 */
export function LabelledFormGroup({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={formGroupClass(error)}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <FieldMessages id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

/**
 * An NHS.UK form group for a set of controls in a fieldset (radios, checkboxes, a date): the
 * legend, then the hint and error for the whole set, named by the fieldset's aria-describedby.
 */
export function FieldsetFormGroup({
  id,
  legend,
  hint,
  error,
  role,
  children,
}: {
  id: string;
  legend: ReactNode;
  hint?: string | undefined;
  error?: string | undefined;
  role?: 'group';
  children: ReactNode;
}) {
  const { describedBy } = fieldMessageIds(id, hint, error);
  return (
    <div className={formGroupClass(error)}>
      <fieldset className="nhsuk-fieldset" role={role} aria-describedby={describedBy}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <FieldMessages id={id} hint={hint} error={error} />
        {children}
      </fieldset>
    </div>
  );
}
