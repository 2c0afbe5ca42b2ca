import { parsePounds } from '@atscale/domain';
import type { FinanceCostCentre, FinanceSettings } from '../../api/finance';
import { saveFinanceSettings } from '../../api/finance';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { basisPointsToPercent, penceToPoundsField, percentToBasisPoints } from './finance-figures';
import { refusedFinanceForm, wholeNumber } from './finance-form-fields';
import { basisChoices, frequencyChoices, vatChoices } from './finance-labels';

const ids = {
  pencePerPatientPerYear: 'levy-rate',
  basis: 'levy-basis',
  frequency: 'levy-frequency',
  vatTreatment: 'levy-vat',
  standardVatBasisPoints: 'levy-vat-rate',
  paymentTermsDays: 'levy-terms',
  invoicePrefix: 'levy-prefix',
  centralCostCentreId: 'levy-central-cost-centre',
} as const;

/** The levy settings for central finance to change (FIN-2); saving is audited by the server. */
export function LevySettingsForm({
  settings,
  costCentres,
  onSaved,
}: {
  settings: FinanceSettings;
  costCentres: readonly FinanceCostCentre[];
  onSaved: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm(ids, ids.pencePerPatientPerYear),
  });

  const handleSubmit = onSubmit((form) => {
    const problems: ErrorSummaryItem[] = [];
    const rate = parsePounds(fieldValue(form, ids.pencePerPatientPerYear));
    if (rate === null || rate < 0) {
      problems.push({
        text: 'Enter the levy per patient per year in pounds and pence, like 2.00',
        href: `#${ids.pencePerPatientPerYear}`,
      });
    }
    const vatRate = percentToBasisPoints(fieldValue(form, ids.standardVatBasisPoints));
    if (vatRate === null) {
      problems.push({
        text: 'Enter the standard VAT rate as a percentage from 0 to 100, like 20',
        href: `#${ids.standardVatBasisPoints}`,
      });
    }
    const terms = wholeNumber(fieldValue(form, ids.paymentTermsDays));
    if (terms === null) {
      problems.push({
        text: 'Enter the payment terms as a whole number of days, like 30',
        href: `#${ids.paymentTermsDays}`,
      });
    }
    if (problems.length > 0 || rate === null || vatRate === null || terms === null) {
      setErrors(problems);
      return;
    }
    const central = fieldValue(form, ids.centralCostCentreId);
    void send(async () => {
      await saveFinanceSettings({
        pencePerPatientPerYear: rate,
        basis: fieldValue(form, ids.basis),
        frequency: fieldValue(form, ids.frequency),
        vatTreatment: fieldValue(form, ids.vatTreatment),
        standardVatBasisPoints: vatRate,
        paymentTermsDays: terms,
        invoicePrefix: fieldValue(form, ids.invoicePrefix),
        centralCostCentreId: central === '' ? null : central,
      });
      onSaved('Saved the levy settings');
    });
  });

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Levy settings">
      <ErrorSummary items={errors} />
      <TextInput
        id={ids.pencePerPatientPerYear}
        label="Levy per patient per year, in pounds"
        hint="For example 2.00 for £2 per registered patient a year"
        className="nhsuk-input--width-5"
        inputMode="decimal"
        defaultValue={penceToPoundsField(settings.pencePerPatientPerYear)}
        error={fieldError(ids.pencePerPatientPerYear)}
      />
      <Select
        id={ids.basis}
        label="Charged on"
        options={basisChoices}
        defaultValue={settings.basis}
        error={fieldError(ids.basis)}
      />
      <Select
        id={ids.frequency}
        label="Invoiced"
        options={frequencyChoices}
        defaultValue={settings.frequency}
        error={fieldError(ids.frequency)}
      />
      <Select
        id={ids.vatTreatment}
        label="VAT treatment"
        options={vatChoices}
        defaultValue={settings.vatTreatment}
        error={fieldError(ids.vatTreatment)}
      />
      <TextInput
        id={ids.standardVatBasisPoints}
        label="Standard VAT rate, per cent"
        className="nhsuk-input--width-4"
        inputMode="decimal"
        defaultValue={basisPointsToPercent(settings.standardVatBasisPoints)}
        error={fieldError(ids.standardVatBasisPoints)}
      />
      <TextInput
        id={ids.paymentTermsDays}
        label="Payment terms, days after the invoice date"
        className="nhsuk-input--width-3"
        inputMode="numeric"
        defaultValue={String(settings.paymentTermsDays)}
        error={fieldError(ids.paymentTermsDays)}
      />
      <TextInput
        id={ids.invoicePrefix}
        label="Invoice number prefix"
        className="nhsuk-input--width-10"
        defaultValue={settings.invoicePrefix}
        error={fieldError(ids.invoicePrefix)}
      />
      <Select
        id={ids.centralCostCentreId}
        label="Central cost centre"
        hint="Where the levy is received"
        prompt="None chosen"
        options={costCentres.map((centre) => ({
          value: centre.id,
          label: `${centre.name} (${centre.code})`,
        }))}
        defaultValue={settings.centralCostCentre?.id ?? ''}
        error={fieldError(ids.centralCostCentreId)}
      />
      <Button aria-disabled={busy}>Save the levy settings</Button>
    </form>
  );
}
