import { FieldsetFormGroup } from './form-group';

/** Props for {@link DateInput}. */
export interface DateInputProps {
  /** The id prefix: the fields are `${id}-day`, `${id}-month` and `${id}-year`. */
  id: string;
  legend: string;
  hint?: string;
  /** The date's error message; marks the fields as in error when set. */
  error?: string;
  /** An ISO date (`YYYY-MM-DD`) the fields start with, as a day, month and year. */
  defaultValue?: string | undefined;
}

const parts = [
  { name: 'day', label: 'Day', width: 2 },
  { name: 'month', label: 'Month', width: 2 },
  { name: 'year', label: 'Year', width: 4 },
] as const;

/** The NHS.UK date input: day, month and year fields in a fieldset, with hint and error. */
export function DateInput({ id, legend, hint, error, defaultValue }: DateInputProps) {
  const [year = '', month = '', day = ''] = defaultValue?.split('-') ?? [];
  const initial = {
    day: day === '' ? '' : String(Number(day)),
    month: month === '' ? '' : String(Number(month)),
    year,
  };
  return (
    <FieldsetFormGroup id={id} legend={legend} hint={hint} error={error} role="group">
      <div className="nhsuk-date-input" id={id}>
        {parts.map((part) => (
          <div className="nhsuk-date-input__item" key={part.name}>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${id}-${part.name}`}>
                {part.label}
              </label>
              <input
                className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${String(part.width)}${error ? ' nhsuk-input--error' : ''}`}
                id={`${id}-${part.name}`}
                name={`${id}-${part.name}`}
                type="text"
                inputMode="numeric"
                defaultValue={initial[part.name]}
              />
            </div>
          </div>
        ))}
      </div>
    </FieldsetFormGroup>
  );
}
