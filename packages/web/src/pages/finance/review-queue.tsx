import {
  matchPayment,
  type ExpectedPayment,
  type ReviewItem,
  type ReviewQueue,
} from '../../api/finance-payments';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Select } from '../../components/select';
import { SummaryList } from '../../components/summary-list';
import { formatCount, formatDate, formatPence } from '../../format/format';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedFinanceForm } from './finance-form-fields';
import { candidateText, matchChoices } from './payments-figures';

/** How many waiting payments the page shows at once: the oldest, which need a person first. */
const SHOWN = 50;

const rowName = (item: ReviewItem) =>
  `row ${String(item.row)}${item.fileName ? ` of ${item.fileName}` : ''}`;

/** One received payment waiting for review, and a form to match it by hand. */
function ReviewCard({
  item,
  outstanding,
  onMatched,
}: {
  item: ReviewItem;
  outstanding: readonly ExpectedPayment[];
  onMatched: (text: string) => void;
}) {
  const selectId = `match-${item.id}`;
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm(
      { expectedPaymentId: selectId, receivedPaymentId: selectId },
      selectId,
    ),
  });
  const { suggested, others } = matchChoices(item, outstanding);
  const options = [
    ...suggested.map((c) => ({ value: c.id, label: `Suggested: ${candidateText(c)}` })),
    ...others.map((c) => ({ value: c.id, label: candidateText(c) })),
  ];
  const handleSubmit = onSubmit((form) => {
    const expectedPaymentId = fieldValue(form, selectId);
    if (expectedPaymentId === '') {
      setErrors([{ text: 'Choose the expected payment it settles', href: `#${selectId}` }]);
      return;
    }
    const chosen = [...suggested, ...others].find((c) => c.id === expectedPaymentId);
    void send(async () => {
      await matchPayment({ receivedPaymentId: item.id, expectedPaymentId });
      onMatched(
        `Matched ${formatPence(item.amountPence)} from ${item.payer} to ${
          chosen ? candidateText(chosen) : 'the expected payment'
        }`,
      );
    });
  });
  const heading = `${item.payer}, ${formatPence(item.amountPence)} received ${formatDate(item.receivedOn)}`;
  return (
    <li className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">{heading}</h3>
        <SummaryList
          rows={[
            {
              key: 'Statement',
              value: `Row ${String(item.row)} of ${item.fileName ?? 'a pasted statement'}`,
            },
            { key: 'Reference', value: item.reference === '' ? 'None' : item.reference },
            { key: 'Why it waits', value: item.reason },
          ]}
        />
        {options.length === 0 ? (
          <p>
            No outstanding expected payment is for {formatPence(item.amountPence)}. Add the payment
            it settles below, then match it here.
          </p>
        ) : (
          <form onSubmit={handleSubmit} noValidate aria-label={`Match ${rowName(item)}`}>
            <ErrorSummary items={errors} />
            <Select
              id={selectId}
              label="Expected payment it settles"
              hint="Only a payment of the same amount can be matched"
              prompt="Choose an expected payment"
              defaultValue={suggested.length === 1 ? suggested[0]?.id : ''}
              options={options}
              error={fieldError(selectId)}
            />
            <Button variant="secondary" aria-disabled={busy}>
              Match<span className="nhsuk-u-visually-hidden"> {rowName(item)}</span>
            </Button>
          </form>
        )}
      </div>
    </li>
  );
}

/**
 * Received payments the automatic matching left for a person (FIN-4), oldest first, each with
 * why and the expected payments it could settle. Central finance only.
 */
export function ReviewQueueList({
  queue,
  outstanding,
  onMatched,
}: {
  queue: ReviewQueue;
  outstanding: readonly ExpectedPayment[];
  onMatched: (text: string) => void;
}) {
  if (queue.total === 0) return <p>Every received payment is matched.</p>;
  const shown = queue.payments.slice(0, SHOWN);
  return (
    <>
      <p>
        {formatCount(queue.total)} received {queue.total === 1 ? 'payment waits' : 'payments wait'}{' '}
        for review
        {shown.length < queue.total ? `; the oldest ${formatCount(shown.length)} are shown` : ''}.
      </p>
      <ul className="nhsuk-list" aria-label="Payments waiting for review">
        {shown.map((item) => (
          <ReviewCard key={item.id} item={item} outstanding={outstanding} onMatched={onMatched} />
        ))}
      </ul>
    </>
  );
}
