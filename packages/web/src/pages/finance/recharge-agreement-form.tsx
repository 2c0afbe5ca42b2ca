import {
  COMMON_RECHARGE_UNITS,
  parsePounds,
  RECHARGE_SERVICE_VAT_TREATMENTS,
  VAT_TREATMENT_LABELS,
} from '@atscale/domain';
import { type FinancePractice } from '../../api/finance';
import { createRechargeAgreement } from '../../api/recharges';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { dateInputToIso } from '../../format/date-input';
import { formatPence } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { todayInEngland } from '../access/booking/booking-api';
import { refusedFinanceForm } from './finance-form-fields';

const ids = {
  providerPracticeId: 'agreement-provider',
  recipientPracticeId: 'agreement-recipient',
  serviceName: 'agreement-service',
  unit: 'agreement-unit',
  unitPricePence: 'agreement-price',
  vatTreatment: 'agreement-vat',
  startsOn: 'agreement-starts',
} as const;

const serverIds = { ...ids, startsOn: `${ids.startsOn}-day` };

/** Agrees a service one member practice provides another, at a price per unit (FIN-5). */
export function RechargeAgreementForm({
  practices,
  onSaved,
}: {
  practices: readonly FinancePractice[];
  onSaved: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm(serverIds, ids.serviceName),
  });
  const handleSubmit = onSubmit((form) => {
    const problems: ErrorSummaryItem[] = [];
    const provider = fieldValue(form, ids.providerPracticeId);
    const recipient = fieldValue(form, ids.recipientPracticeId);
    if (provider === '') {
      problems.push({
        text: 'Choose the practice that provides the service',
        href: `#${ids.providerPracticeId}`,
      });
    }
    if (recipient === '') {
      problems.push({
        text: 'Choose the practice that receives the service',
        href: `#${ids.recipientPracticeId}`,
      });
    } else if (recipient === provider) {
      problems.push({
        text: 'A practice cannot recharge itself: choose another practice',
        href: `#${ids.recipientPracticeId}`,
      });
    }
    const serviceName = fieldValue(form, ids.serviceName);
    if (serviceName === '')
      problems.push({ text: 'Enter the service', href: `#${ids.serviceName}` });
    const unit = fieldValue(form, ids.unit).toLowerCase();
    if (unit === '')
      problems.push({ text: 'Enter the unit the service is counted in', href: `#${ids.unit}` });
    const price = parsePounds(fieldValue(form, ids.unitPricePence));
    if (price === null || price <= 0) {
      problems.push({
        text: 'Enter the price of one unit in pounds and pence, more than nothing, like 25.00',
        href: `#${ids.unitPricePence}`,
      });
    }
    const startsOn = dateInputToIso(dateParts(form, ids.startsOn), 'Start date');
    if (!startsOn.ok) problems.push({ text: startsOn.message, href: `#${ids.startsOn}-day` });
    if (problems.length > 0 || price === null || !startsOn.ok) {
      setErrors(problems);
      return;
    }
    const vatTreatment = fieldValue(form, ids.vatTreatment) === 'standard' ? 'standard' : 'exempt';
    const names = (id: string) => practices.find((p) => p.id === id)?.name ?? 'the practice';
    void send(async () => {
      await createRechargeAgreement({
        providerPracticeId: provider,
        recipientPracticeId: recipient,
        serviceName,
        unit,
        unitPricePence: price,
        vatTreatment,
        startsOn: startsOn.iso,
        endsOn: null,
      });
      onSaved(
        `Agreed ${serviceName} from ${names(provider)} to ${names(recipient)} at ${formatPence(price)} a ${unit}`,
      );
    });
  });
  const options = practices.map((p) => ({ value: p.id, label: p.name }));
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Agree a recharge">
      <ErrorSummary items={errors} />
      <Select
        id={ids.providerPracticeId}
        label="Practice that provides the service"
        prompt="Choose a practice"
        options={options}
        error={fieldError(ids.providerPracticeId)}
      />
      <Select
        id={ids.recipientPracticeId}
        label="Practice that receives it and pays"
        prompt="Choose a practice"
        options={options}
        error={fieldError(ids.recipientPracticeId)}
      />
      <TextInput
        id={ids.serviceName}
        label="Service"
        hint="For example, Anticoagulation clinic or Shared practice nurse"
        error={fieldError(ids.serviceName)}
      />
      <TextInput
        id={ids.unit}
        label="Unit it is counted in"
        hint={`Lower-case words, such as ${COMMON_RECHARGE_UNITS.join(', ')}`}
        className="nhsuk-input--width-20"
        defaultValue="appointment"
        error={fieldError(ids.unit)}
      />
      <TextInput
        id={ids.unitPricePence}
        label="Price of one unit, in pounds"
        hint="Before any VAT, for example 25.00"
        className="nhsuk-input--width-10"
        inputMode="decimal"
        error={fieldError(ids.unitPricePence)}
      />
      <Select
        id={ids.vatTreatment}
        label="VAT treatment of the service"
        hint="Medical care is usually exempt; lending staff or admin services is usually standard rate. Between parts of one partnership a recharge is outside the scope of VAT whatever this says."
        options={RECHARGE_SERVICE_VAT_TREATMENTS.map((value) => ({
          value,
          label: VAT_TREATMENT_LABELS[value],
        }))}
        error={fieldError(ids.vatTreatment)}
      />
      <DateInput
        id={ids.startsOn}
        legend="First day of the service"
        defaultValue={todayInEngland()}
        error={fieldError(`${ids.startsOn}-day`)}
      />
      <Button aria-disabled={busy}>Agree the recharge</Button>
    </form>
  );
}
