import { Fragment, type ReactNode } from 'react';
import { choiceInputId, type Choice, type ChoiceIds } from './choice';
import { ChoiceItem } from './choice-item';
import { FieldsetFormGroup } from './form-group';

/** One choice of a {@link Radios} group; `conditional` is revealed beneath it while chosen. */
export interface RadioChoice<T extends string = string> extends Choice<T> {
  conditional?: ReactNode;
}

/** Props for {@link Radios}. */
export interface RadiosProps<T extends string> {
  id: string;
  /** The radios' name; the group's id unless given. */
  name?: string;
  legend: ReactNode;
  hint?: string | undefined;
  error?: string | undefined;
  choices: readonly RadioChoice<T>[];
  /** The chosen value; null (or a value no choice has, such as '') while none is. */
  value: T | null;
  onChange: (value: T) => void;
  inline?: boolean;
  /** How the radios get their ids: by position (the NHS.UK way, the default) or by value. */
  ids?: ChoiceIds;
  /**
   * What becomes of a conditional reveal while its radio is not chosen: `hidden` (the default)
   * keeps it in the page, as nhsuk-frontend does, so what was typed there stays; `removed` takes
   * it out, for choices that reveal the same fields (an id may be in the page only once).
   */
  unchosen?: 'hidden' | 'removed';
}

/** NHS.UK radios in a fieldset, with hint and error; controlled, so a choice can reveal fields. */
export function Radios<T extends string>({
  id,
  name = id,
  legend,
  hint,
  error,
  choices,
  value,
  onChange,
  inline = false,
  ids = 'position',
  unchosen = 'hidden',
}: RadiosProps<T>) {
  return (
    <FieldsetFormGroup id={id} legend={legend} hint={hint} error={error}>
      <div className={inline ? 'nhsuk-radios nhsuk-radios--inline' : 'nhsuk-radios'}>
        {choices.map((choice, index) => {
          const inputId = choiceInputId(id, ids, choice.value, index);
          const chosen = value === choice.value;
          const reveal =
            choice.conditional !== undefined && (chosen || unchosen === 'hidden')
              ? `conditional-${inputId}`
              : undefined;
          return (
            <Fragment key={choice.value}>
              <ChoiceItem
                kind="radios"
                id={inputId}
                name={name}
                value={choice.value}
                label={choice.label}
                hint={choice.hint}
                checked={chosen}
                onChange={() => {
                  onChange(choice.value);
                }}
                aria-controls={reveal}
              />
              {reveal ? (
                <div
                  className={
                    chosen
                      ? 'nhsuk-radios__conditional'
                      : 'nhsuk-radios__conditional nhsuk-radios__conditional--hidden'
                  }
                  id={reveal}
                >
                  {choice.conditional}
                </div>
              ) : null}
            </Fragment>
          );
        })}
      </div>
    </FieldsetFormGroup>
  );
}
