import { useRef } from 'react';
import { AGEING_LABELS } from '@atscale/domain';
import { levyInvoicePrintPath, markLevyInvoicePaid, type LevyInvoice } from '../../api/finance';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { WideTable } from '../../components/wide-table';
import { dateInputToIso } from '../../format/date-input';
import { formatDate, formatPence } from '../../format/format';
import { dateParts } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { todayInEngland } from '../access/booking/booking-api';
import { invoiceAgeing } from './finance-figures';
import { refusedFinanceForm } from './finance-form-fields';

const paidOnId = 'levy-paid-on';

/** Paid, not yet due, or overdue with how long, as an NHS.UK tag (levy and recharge invoices). */
export function InvoiceStatus({
  invoice,
  today,
}: {
  invoice: Pick<LevyInvoice, 'status' | 'dueOn' | 'paidOn'>;
  today: string;
}) {
  const bucket = invoiceAgeing(invoice, today);
  if (bucket === null) {
    return (
      <strong className="nhsuk-tag nhsuk-tag--green">
        Paid{invoice.paidOn ? ` ${formatDate(invoice.paidOn)}` : ''}
      </strong>
    );
  }
  if (bucket === 'not-due') return <strong className="nhsuk-tag nhsuk-tag--grey">Unpaid</strong>;
  return <strong className="nhsuk-tag nhsuk-tag--red">Overdue: {AGEING_LABELS[bucket]}</strong>;
}

/**
 * Levy invoices: number, practice, period, net, VAT and gross, due date and whether paid or
 * overdue, each with its printable page. Central finance (`canMarkPaid`) records a payment on
 * the date given above the table.
 */
export function LevyInvoicesTable({
  caption,
  invoices,
  canMarkPaid,
  onPaid,
}: {
  caption: string;
  invoices: readonly LevyInvoice[];
  canMarkPaid: boolean;
  onPaid: (text: string) => void;
}) {
  const today = todayInEngland();
  const form = useRef<HTMLFormElement>(null);
  const { errors, setErrors, fieldError, busy, send } = useFormSubmission({
    refused: refusedFinanceForm({ paidOn: `${paidOnId}-day` }, `${paidOnId}-day`),
  });
  const markPaid = (invoice: LevyInvoice) => {
    if (busy || !form.current) return;
    const paidOn = dateInputToIso(dateParts(new FormData(form.current), paidOnId), 'Date paid');
    if (!paidOn.ok) {
      setErrors([{ text: paidOn.message, href: `#${paidOnId}-day` }]);
      return;
    }
    void send(async () => {
      await markLevyInvoicePaid(invoice.id, paidOn.iso);
      onPaid(`Recorded invoice ${invoice.invoiceNumber} paid on ${formatDate(paidOn.iso)}`);
    });
  };
  if (invoices.length === 0) return <p>There are no levy invoices to show.</p>;
  const showPay = canMarkPaid && invoices.some((invoice) => invoice.status === 'unpaid');
  const head = ['Invoice', 'Practice', 'Period', 'Net', 'VAT', 'Gross', 'Due', 'Status', 'Actions'];
  // Newest first: the server lists them by year and number, and the latest is what people want.
  const rows = [...invoices].reverse().map((invoice) => ({
    key: invoice.id,
    cells: [
      invoice.invoiceNumber,
      invoice.practice.name,
      invoice.periodLabel,
      formatPence(invoice.netPence),
      formatPence(invoice.vatPence),
      formatPence(invoice.grossPence),
      formatDate(invoice.dueOn),
      <InvoiceStatus key="status" invoice={invoice} today={today} />,
      <span key="actions">
        <a href={levyInvoicePrintPath(invoice.id)} target="_blank" rel="noreferrer">
          Print<span className="nhsuk-u-visually-hidden"> invoice {invoice.invoiceNumber}</span>
        </a>
        {showPay && invoice.status === 'unpaid' ? (
          <Button
            type="button"
            variant="secondary"
            className="nhsuk-u-margin-bottom-0 nhsuk-u-margin-left-2"
            aria-disabled={busy}
            onClick={() => {
              markPaid(invoice);
            }}
          >
            Mark paid
            <span className="nhsuk-u-visually-hidden"> invoice {invoice.invoiceNumber}</span>
          </Button>
        ) : null}
      </span>,
    ],
  }));
  return (
    <>
      {showPay ? (
        <form
          ref={form}
          noValidate
          aria-label="Record a levy payment"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <ErrorSummary items={errors} />
          <DateInput
            id={paidOnId}
            legend="Date the money arrived"
            hint="Used when you mark an invoice below paid"
            defaultValue={today}
            error={fieldError(`${paidOnId}-day`)}
          />
        </form>
      ) : null}
      <WideTable caption={caption} head={head} rows={rows} />
    </>
  );
}
