import type { InputHTMLAttributes } from 'react';

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
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const inputClasses = ['nhsuk-input', error ? 'nhsuk-input--error' : '', className ?? ''];
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
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
