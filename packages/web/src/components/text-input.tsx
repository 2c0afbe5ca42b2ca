import type { InputHTMLAttributes } from 'react';
import { FieldMessages, fieldMessageIds } from './field-messages';

/** Props for {@link TextInput}: a native input plus its label, hint and error message. */
export interface TextInputProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  hint?: string;
  /** The field's error message; marks the field as in error when set. */
  error?: string;
}

/** An NHS.UK text input in its form group, with the hint and error wired to aria-describedby. */
export function TextInput({ id, label, hint, error, className, ...rest }: TextInputProps) {
  const { describedBy } = fieldMessageIds(id, hint, error);
  const inputClasses = ['nhsuk-input', error ? 'nhsuk-input--error' : '', className ?? ''];
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <FieldMessages id={id} hint={hint} error={error} />
      <input
        className={inputClasses.filter(Boolean).join(' ')}
        id={id}
        name={id}
        aria-describedby={describedBy}
        {...rest}
      />
    </div>
  );
}
