import { ChoiceItem } from './choice-item';

/** Props for {@link Checkbox}. */
export interface CheckboxProps {
  /** The box's id and name; it is sent as `yes` when ticked. */
  id: string;
  label: string;
  hint?: string;
  defaultChecked?: boolean;
}

/** A single NHS.UK checkbox on its own, such as "Make this the main site". */
export function Checkbox({ id, label, hint, defaultChecked }: CheckboxProps) {
  return (
    <div className="nhsuk-form-group">
      <div className="nhsuk-checkboxes">
        <ChoiceItem
          kind="checkboxes"
          id={id}
          name={id}
          value="yes"
          label={label}
          hint={hint}
          defaultChecked={defaultChecked}
        />
      </div>
    </div>
  );
}
