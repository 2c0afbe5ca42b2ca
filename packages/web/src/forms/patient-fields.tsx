import { DateInput } from '../components/date-input';
import { TextInput } from '../components/text-input';

/** The NHS number field (id `nhsNumber`) of the forms that find or identify a patient. */
export function NhsNumberInput({ hint, error }: { hint: string; error: string | undefined }) {
  return (
    <TextInput
      id="nhsNumber"
      label="NHS number"
      hint={hint}
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      className="nhsuk-input--width-10"
      error={error}
    />
  );
}

/** A name field of a patient (`familyName`, `givenName`), not spell-checked. */
export function PersonNameInput({
  id,
  label,
  autoComplete = 'off',
  error,
}: {
  id: string;
  label: string;
  autoComplete?: string;
  error: string | undefined;
}) {
  return (
    <TextInput id={id} label={label} autoComplete={autoComplete} spellCheck={false} error={error} />
  );
}

/** The date of birth fields (`dateOfBirth-day`, `-month`, `-year`) of a patient. */
export function DateOfBirthInput({ error }: { error: string | undefined }) {
  return (
    <DateInput
      id="dateOfBirth"
      legend="Date of birth"
      hint="For example, 15 3 1984"
      error={error}
    />
  );
}
