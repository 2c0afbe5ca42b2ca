import type { TextareaHTMLAttributes } from 'react';
import { fieldMessageIds } from './field-messages';
import { controlClass, LabelledFormGroup } from './form-group';

/** Props for {@link Textarea}: a native textarea plus its label, hint and error message. */
export interface TextareaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  id: string;
  label: string;
  hint?: string | undefined;
  /** The field's error message; marks the field as in error when set. */
  error?: string | undefined;
}

/** An NHS.UK textarea (3 rows unless told) in its form group, with its hint and error. */
export function Textarea({ id, label, hint, error, rows = 3, ...rest }: TextareaProps) {
  return (
    <LabelledFormGroup id={id} label={label} hint={hint} error={error}>
      <textarea
        className={controlClass('textarea', error)}
        id={id}
        name={id}
        rows={rows}
        aria-describedby={fieldMessageIds(id, hint, error).describedBy}
        {...rest}
      />
    </LabelledFormGroup>
  );
}
