import { unmatchPayment, type ExpectedPayment } from '../../api/finance-payments';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { WideTable } from '../../components/wide-table';
import { formatDate, formatPence } from '../../format/format';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedFinanceForm } from './finance-form-fields';
import { paymentStatusText, paymentText } from './payments-figures';

const tableId = 'expected-payments';

/**
 * Expected payments by due date: practice, what, payer, reference, amount and where each stands
 * (received and how it was matched, not yet due, or how overdue). Central finance
 * (`canUnmatch`) can undo a match, so both payments wait again.
 */
export function ExpectedPaymentsTable({
  caption,
  payments,
  today,
  canUnmatch,
  onUnmatched,
}: {
  caption: string;
  payments: readonly ExpectedPayment[];
  today: string;
  canUnmatch: boolean;
  onUnmatched: (text: string) => void;
}) {
  const { errors, busy, send } = useFormSubmission({
    refused: refusedFinanceForm({}, tableId),
  });
  if (payments.length === 0) return <p>No expected payment is due in this period.</p>;
  const unmatch = (payment: ExpectedPayment) => {
    const { match } = payment;
    if (busy || !match) return;
    void send(async () => {
      await unmatchPayment(match.id);
      onUnmatched(`Undid the match of ${payment.description}: it waits for payment again`);
    });
  };
  const showActions = canUnmatch && payments.some((p) => p.match !== null);
  return (
    <div id={tableId} tabIndex={-1}>
      <ErrorSummary items={errors} />
      <WideTable
        caption={caption}
        head={[
          'Practice',
          'Payment',
          'Payer',
          'Reference',
          'Due',
          'Amount',
          'Status',
          ...(showActions ? ['Actions'] : []),
        ]}
        rows={payments.map((payment) => ({
          key: payment.id,
          cells: [
            payment.practice.name,
            paymentText(payment),
            payment.payer,
            payment.reference ?? 'None',
            formatDate(payment.dueOn),
            formatPence(payment.amountPence),
            paymentStatusText(payment, today),
            ...(showActions
              ? [
                  payment.match ? (
                    <Button
                      key="unmatch"
                      type="button"
                      variant="secondary"
                      className="nhsuk-u-margin-bottom-0"
                      aria-disabled={busy}
                      onClick={() => {
                        unmatch(payment);
                      }}
                    >
                      Undo match
                      <span className="nhsuk-u-visually-hidden"> of {payment.description}</span>
                    </Button>
                  ) : (
                    ''
                  ),
                ]
              : []),
          ],
        }))}
      />
    </div>
  );
}
