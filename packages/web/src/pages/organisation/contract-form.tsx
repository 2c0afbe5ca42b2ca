import {
  updatePractice,
  type ContractHolding,
  type ContractType,
  type Practice,
} from '../../api/organisation';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedItems } from './site-form-values';

/** How a practice holds its contract, in words. */
export const CONTRACT_HOLDING_LABELS: Readonly<Record<ContractHolding, string>> = {
  own: 'Held by the practice',
  'on-trust': 'Held by the practice on trust for the partnership',
  single: 'Covered by the organisation’s single contract',
};

const TYPES: readonly ContractType[] = ['GMS', 'PMS', 'APMS'];
const HOLDINGS: readonly ContractHolding[] = ['own', 'on-trust', 'single'];

const notRecorded = { value: '', label: 'Not recorded' };

const ids = {
  contractType: 'practice-contract-type',
  contractHolding: 'practice-contract-holding',
  region: 'practice-region',
} as const;

// The control a server field names (`body/region`); the contract type for any other.
const idFor = (field: string): string => {
  const name = field.split('/').pop();
  return name === 'contractHolding' || name === 'region' ? ids[name] : ids.contractType;
};

/** Changes a practice's contract type, how it holds the contract, and its region. */
export function ContractForm({
  practice,
  onSaved,
}: {
  practice: Practice;
  onSaved: (practice: Practice) => void | Promise<void>;
}) {
  const { errors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(idFor, ids.contractType),
  });

  const handleSubmit = onSubmit((form) => {
    const type = fieldValue(form, ids.contractType);
    const holding = fieldValue(form, ids.contractHolding);
    const region = fieldValue(form, ids.region);
    void send(async () => {
      const saved = await updatePractice(practice.id, {
        contractType: TYPES.find((t) => t === type) ?? null,
        contractHolding: HOLDINGS.find((h) => h === holding) ?? null,
        region: region === '' ? null : region,
      });
      await onSaved(saved);
    });
  });

  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Select
          id={ids.contractType}
          label="Contract type"
          defaultValue={practice.contractType ?? ''}
          options={[notRecorded, ...TYPES.map((type) => ({ value: type, label: type }))]}
          error={fieldError(ids.contractType)}
        />
        <Select
          id={ids.contractHolding}
          label="Who holds the contract"
          defaultValue={practice.contractHolding ?? ''}
          options={[
            notRecorded,
            ...HOLDINGS.map((holding) => ({
              value: holding,
              label: CONTRACT_HOLDING_LABELS[holding],
            })),
          ]}
          error={fieldError(ids.contractHolding)}
        />
        <TextInput
          id={ids.region}
          label="Region (optional)"
          hint="For example, Birmingham South or Shropshire"
          defaultValue={practice.region ?? ''}
          autoComplete="off"
          error={fieldError(ids.region)}
        />
        <Button aria-disabled={busy}>Save contract and region</Button>
      </form>
    </>
  );
}
