import { choiceInputId, type Choice, type ChoiceIds } from './choice';
import { ChoiceItem } from './choice-item';
import { FieldsetFormGroup } from './form-group';

/** Props for {@link Checkboxes}. */
export interface CheckboxesProps {
  id: string;
  /** The boxes' name, each with its choice as the value; the group's id unless given. */
  name?: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  choices: readonly Choice[];
  /** The values ticked to begin with. */
  checked?: readonly string[];
  /** The smaller boxes, for a long list in a form of many fields. */
  small?: boolean;
  /** How the boxes get their ids: by position (the NHS.UK way, the default) or by value. */
  ids?: ChoiceIds;
}

/** NHS.UK checkboxes in a fieldset, with hint and error; uncontrolled, read with FormData. */
export function Checkboxes({
  id,
  name = id,
  legend,
  hint,
  error,
  choices,
  checked,
  small = false,
  ids = 'position',
}: CheckboxesProps) {
  return (
    <FieldsetFormGroup id={id} legend={legend} hint={hint} error={error}>
      <div className={small ? 'nhsuk-checkboxes nhsuk-checkboxes--small' : 'nhsuk-checkboxes'}>
        {choices.map((choice, index) => (
          <ChoiceItem
            key={choice.value}
            kind="checkboxes"
            id={choiceInputId(id, ids, choice.value, index)}
            name={name}
            value={choice.value}
            label={choice.label}
            hint={choice.hint}
            defaultChecked={checked?.includes(choice.value)}
          />
        ))}
      </div>
    </FieldsetFormGroup>
  );
}
