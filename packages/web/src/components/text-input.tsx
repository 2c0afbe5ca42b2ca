import type { InputHTMLAttributes } from 'react';
import { fieldMessageIds } from './field-messages';
import { controlClass, LabelledFormGroup } from './form-group';

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
  const base = controlClass('input', error);
  return (
    <LabelledFormGroup id={id} label={label} hint={hint} error={error}>
      <input
        className={className ? `${base} ${className}` : base}
        id={id}
        name={id}
        aria-describedby={fieldMessageIds(id, hint, error).describedBy}
        {...rest}
      />
    </LabelledFormGroup>
  );
}
