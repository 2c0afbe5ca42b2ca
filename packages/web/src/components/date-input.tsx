import { FieldMessages, fieldMessageIds } from './field-messages';

/** Props for {@link DateInput}. */
export interface DateInputProps {
  /** The id prefix: the fields are `${id}-day`, `${id}-month` and `${id}-year`. */
  id: string;
  legend: string;
  hint?: string;
  /** The date's error message; marks the fields as in error when set. */
  error?: string;
}

const parts = [
  { name: 'day', label: 'Day', width: 2 },
  { name: 'month', label: 'Month', width: 2 },
  { name: 'year', label: 'Year', width: 4 },
] as const;

/** The NHS.UK date input: day, month and year fields in a fieldset, with hint and error. */
export function DateInput({ id, legend, hint, error }: DateInputProps) {
  const { describedBy } = fieldMessageIds(id, hint, error);
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <FieldMessages id={id} hint={hint} error={error} />
        <div className="nhsuk-date-input" id={id}>
          {parts.map((part) => (
            <div className="nhsuk-date-input__item" key={part.name}>
              <div className="nhsuk-form-group">
                <label
                  className="nhsuk-label nhsuk-date-input__label"
                  htmlFor={`${id}-${part.name}`}
                >
                  {part.label}
                </label>
                <input
                  className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${String(part.width)}${error ? ' nhsuk-input--error' : ''}`}
                  id={`${id}-${part.name}`}
                  name={`${id}-${part.name}`}
                  type="text"
                  inputMode="numeric"
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
