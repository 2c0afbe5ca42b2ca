import type { InputHTMLAttributes } from 'react';

/** Props for {@link ChoiceItem}: the native input plus its label and hint. */
export interface ChoiceItemProps extends InputHTMLAttributes<HTMLInputElement> {
  /** The group the item belongs to: a checkbox or a radio. */
  kind: 'checkboxes' | 'radios';
  id: string;
  label: string;
  hint?: string | undefined;
}

/** One NHS.UK checkbox or radio: the input, its label, and its own hint beneath. */
export function ChoiceItem({ kind, id, label, hint, ...rest }: ChoiceItemProps) {
  // `-item-hint`, not `-hint`: the first box of a group may carry the group's own id.
  const hintId = hint ? `${id}-item-hint` : undefined;
  return (
    <div className={`nhsuk-${kind}__item`}>
      <input
        className={`nhsuk-${kind}__input`}
        id={id}
        type={kind === 'radios' ? 'radio' : 'checkbox'}
        aria-describedby={hintId}
        {...rest}
      />
      <label className={`nhsuk-label nhsuk-${kind}__label`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className={`nhsuk-hint nhsuk-${kind}__hint`} id={hintId}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}
