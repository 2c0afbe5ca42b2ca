import {
  fetchRechargeUsage,
  endRechargeAgreement,
  recordRechargeUsage,
  removeRechargeUsage,
  type RechargeAgreement,
} from '../../api/recharges';
import { useApi } from '../../api/use-api';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { Details } from '../../components/details';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { TextInput } from '../../components/text-input';
import { WideTable } from '../../components/wide-table';
import { dateInputToIso } from '../../format/date-input';
import { formatCount, formatDate, formatPence } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { todayInEngland } from '../access/booking/booking-api';
import { refusedFinanceForm, wholeNumber } from './finance-form-fields';

const ids = { usedOn: 'usage-used-on', quantity: 'usage-quantity', note: 'usage-note' } as const;
const endId = 'agreement-ends';

/** Records units used under an agreement (central finance). */
function UsageForm({
  agreement,
  onSaved,
}: {
  agreement: RechargeAgreement;
  onSaved: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm({ ...ids, usedOn: `${ids.usedOn}-day` }, ids.quantity),
  });
  const handleSubmit = onSubmit((form) => {
    const problems: ErrorSummaryItem[] = [];
    const usedOn = dateInputToIso(dateParts(form, ids.usedOn), 'Date used');
    if (!usedOn.ok) problems.push({ text: usedOn.message, href: `#${ids.usedOn}-day` });
    const quantity = wholeNumber(fieldValue(form, ids.quantity));
    if (quantity === null || quantity < 1) {
      problems.push({
        text: `Enter how many ${agreement.unit}s, a whole number of 1 or more`,
        href: `#${ids.quantity}`,
      });
    }
    if (problems.length > 0 || !usedOn.ok || quantity === null) {
      setErrors(problems);
      return;
    }
    const note = fieldValue(form, ids.note);
    void send(async () => {
      await recordRechargeUsage(agreement.id, {
        usedOn: usedOn.iso,
        quantity,
        note: note === '' ? null : note,
      });
      onSaved(
        `Recorded ${formatCount(quantity)} × ${agreement.unit} of ${agreement.serviceName} on ${formatDate(usedOn.iso)}`,
      );
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Record usage">
      <ErrorSummary items={errors} />
      <DateInput
        id={ids.usedOn}
        legend="Date used"
        defaultValue={todayInEngland()}
        error={fieldError(`${ids.usedOn}-day`)}
      />
      <TextInput
        id={ids.quantity}
        label={`How many (${agreement.unit}s)`}
        className="nhsuk-input--width-5"
        inputMode="numeric"
        error={fieldError(ids.quantity)}
      />
      <TextInput id={ids.note} label="Note (optional)" error={fieldError(ids.note)} />
      <Button aria-disabled={busy}>Record the usage</Button>
    </form>
  );
}

/** Ends an agreement on its last day of service (central finance). */
function EndForm({
  agreement,
  onSaved,
}: {
  agreement: RechargeAgreement;
  onSaved: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm({ endsOn: `${endId}-day` }, `${endId}-day`),
  });
  const handleSubmit = onSubmit((form) => {
    const endsOn = dateInputToIso(dateParts(form, endId), 'Last day of the service');
    if (!endsOn.ok) {
      setErrors([{ text: endsOn.message, href: `#${endId}-day` }]);
      return;
    }
    void send(async () => {
      await endRechargeAgreement(agreement.id, endsOn.iso);
      onSaved(`Ended ${agreement.serviceName} on ${formatDate(endsOn.iso)}`);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="End the agreement">
      <ErrorSummary items={errors} />
      <DateInput
        id={endId}
        legend="Last day of the service"
        defaultValue={todayInEngland()}
        error={fieldError(`${endId}-day`)}
      />
      <Button variant="secondary" aria-disabled={busy}>
        End the agreement
      </Button>
    </form>
  );
}

/**
 * One agreement's usage, oldest first, with the invoice that charged each row. Central finance
 * (`canManage`) records usage, removes rows not yet invoiced, and ends the agreement.
 */
export function RechargeUsagePanel({
  agreement,
  canManage,
  version,
  onSaved,
}: {
  agreement: RechargeAgreement;
  canManage: boolean;
  /** Changes after each save on the page, so the list loads again. */
  version: number;
  onSaved: (text: string) => void;
}) {
  const usage = useApi(`recharge usage ${agreement.id} ${String(version)}`, () =>
    fetchRechargeUsage(agreement.id),
  );
  const { errors, busy, send } = useFormSubmission({
    refused: refusedFinanceForm({}, 'recharge-usage'),
  });
  const rows = usage.state.status === 'done' ? usage.state.data : usage.last;
  const remove = (usageId: string, text: string) => {
    if (busy) return;
    void send(async () => {
      await removeRechargeUsage(agreement.id, usageId);
      onSaved(text);
    });
  };
  const units = (rows ?? []).reduce((sum, row) => sum + row.quantity, 0);
  return (
    <>
      <ErrorSummary items={errors} />
      {usage.state.status === 'error' ? (
        <p>The usage could not be loaded: {usage.state.detail}</p>
      ) : rows === undefined ? (
        <p>Loading the usage…</p>
      ) : rows.length === 0 ? (
        <p id="recharge-usage">No usage is recorded for this agreement yet.</p>
      ) : (
        <>
          <p id="recharge-usage">
            {formatCount(units)} {agreement.unit}s recorded,{' '}
            {formatPence(units * agreement.unitPricePence)} before VAT.
          </p>
          <WideTable
            caption={`Usage of ${agreement.serviceName}`}
            head={['Date', 'How many', 'Net', 'Note', 'Invoice', ...(canManage ? ['Actions'] : [])]}
            rows={rows.map((row) => ({
              key: row.id,
              cells: [
                formatDate(row.usedOn),
                formatCount(row.quantity),
                formatPence(row.quantity * agreement.unitPricePence),
                row.note ?? '',
                row.invoiceNumber ?? 'Not invoiced yet',
                ...(canManage
                  ? [
                      row.invoiceId === null ? (
                        <Button
                          key="remove"
                          type="button"
                          variant="secondary"
                          className="nhsuk-u-margin-bottom-0"
                          aria-disabled={busy}
                          onClick={() => {
                            remove(row.id, `Removed the usage of ${formatDate(row.usedOn)}`);
                          }}
                        >
                          Remove
                          <span className="nhsuk-u-visually-hidden">
                            {' '}
                            the usage of {formatDate(row.usedOn)}
                          </span>
                        </Button>
                      ) : (
                        ''
                      ),
                    ]
                  : []),
              ],
            }))}
          />
        </>
      )}
      {canManage ? (
        <>
          <Details summary="Record usage of this service">
            <UsageForm key={`usage ${String(version)}`} agreement={agreement} onSaved={onSaved} />
          </Details>
        </>
      ) : null}
      {canManage && agreement.endsOn === null ? (
        <>
          <Details summary="End this agreement">
            <EndForm key={`end ${String(version)}`} agreement={agreement} onSaved={onSaved} />
          </Details>
        </>
      ) : null}
    </>
  );
}
