import type { SelectHTMLAttributes } from 'react';
import type { Choice } from './choice';
import { fieldMessageIds } from './field-messages';
import { controlClass, LabelledFormGroup } from './form-group';

/** Props for {@link Select}: a native select plus its label, hint, error and options. */
export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  id: string;
  label: string;
  hint?: string | undefined;
  /** The field's error message; marks the field as in error when set. */
  error?: string | undefined;
  options: readonly Choice[];
  /** A first option with no value that asks for a choice, such as "Choose a practice". */
  prompt?: string;
}

/** An NHS.UK select in its form group, with its hint and error. */
export function Select({ id, label, hint, error, options, prompt, ...rest }: SelectProps) {
  return (
    <LabelledFormGroup id={id} label={label} hint={hint} error={error}>
      <select
        className={controlClass('select', error)}
        id={id}
        name={id}
        aria-describedby={fieldMessageIds(id, hint, error).describedBy}
        {...rest}
      >
        {prompt === undefined ? null : <option value="">{prompt}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </LabelledFormGroup>
  );
}
