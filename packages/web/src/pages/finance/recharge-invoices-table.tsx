import { useRef } from 'react';
import {
  markRechargeInvoicePaid,
  rechargeInvoicePrintPath,
  type RechargeInvoice,
} from '../../api/recharges';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { WideTable } from '../../components/wide-table';
import { dateInputToIso } from '../../format/date-input';
import { formatDate, formatPence } from '../../format/format';
import { dateParts } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { todayInEngland } from '../access/booking/booking-api';
import { refusedFinanceForm } from './finance-form-fields';
import { InvoiceStatus } from './levy-invoices-table';
import { rechargeTotals } from './recharge-figures';

const paidOnId = 'recharge-paid-on';

/**
 * Recharge invoices: number, provider, recipient, month, then net, VAT and gross apart, due
 * date and status, each with its printable page, and a total row. Central finance
 * (`canMarkPaid`) records a payment on the date given above the table.
 */
export function RechargeInvoicesTable({
  caption,
  invoices,
  canMarkPaid,
  onPaid,
}: {
  caption: string;
  invoices: readonly RechargeInvoice[];
  canMarkPaid: boolean;
  onPaid: (text: string) => void;
}) {
  const today = todayInEngland();
  const form = useRef<HTMLFormElement>(null);
  const { errors, setErrors, fieldError, busy, send } = useFormSubmission({
    refused: refusedFinanceForm({ paidOn: `${paidOnId}-day` }, `${paidOnId}-day`),
  });
  const markPaid = (invoice: RechargeInvoice) => {
    if (busy || !form.current) return;
    const paidOn = dateInputToIso(dateParts(new FormData(form.current), paidOnId), 'Date paid');
    if (!paidOn.ok) {
      setErrors([{ text: paidOn.message, href: `#${paidOnId}-day` }]);
      return;
    }
    void send(async () => {
      await markRechargeInvoicePaid(invoice.id, paidOn.iso);
      onPaid(
        `Recorded recharge invoice ${invoice.invoiceNumber} paid on ${formatDate(paidOn.iso)}`,
      );
    });
  };
  if (invoices.length === 0) return <p>There are no recharge invoices to show.</p>;
  const showPay = canMarkPaid && invoices.some((invoice) => invoice.status === 'unpaid');
  const totals = rechargeTotals(invoices);
  const head = [
    'Invoice',
    'From',
    'To',
    'Month',
    'Net',
    'VAT',
    'Gross',
    'Due',
    'Status',
    'Actions',
  ];
  // Newest first: the server lists them by number, and the latest is what people want.
  const rows = [...invoices].reverse().map((invoice) => ({
    key: invoice.id,
    cells: [
      invoice.invoiceNumber,
      invoice.provider.name,
      invoice.recipient.name,
      invoice.periodLabel,
      formatPence(invoice.netPence),
      formatPence(invoice.vatPence),
      formatPence(invoice.grossPence),
      formatDate(invoice.dueOn),
      <InvoiceStatus key="status" invoice={invoice} today={today} />,
      <span key="actions">
        <a href={rechargeInvoicePrintPath(invoice.id)} target="_blank" rel="noreferrer">
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
  const totalRow = {
    key: 'total',
    cells: [
      <strong key="t">Total</strong>,
      '',
      '',
      '',
      <strong key="n">{formatPence(totals.netPence)}</strong>,
      <strong key="v">{formatPence(totals.vatPence)}</strong>,
      <strong key="g">{formatPence(totals.grossPence)}</strong>,
      '',
      `${formatPence(totals.unpaidPence)} unpaid`,
      '',
    ],
  };
  return (
    <>
      {showPay ? (
        <form
          ref={form}
          noValidate
          aria-label="Record a recharge payment"
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
      <WideTable caption={caption} head={head} rows={[...rows, totalRow]} />
    </>
  );
}
