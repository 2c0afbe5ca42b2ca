import type { RechargeInvoiceDetail } from '@atscale/db';
import { VAT_TREATMENT_LABELS, formatPounds } from '@atscale/domain';
import { escape } from './invoice-html.js';

/**
 * A recharge invoice as a printable page, laid out as the levy's: each line's units, price,
 * VAT treatment, net and VAT, and the net, VAT and total shown separately.
 */
export function rechargeInvoiceHtml(invoice: RechargeInvoiceDetail): string {
  const rate = `${String(invoice.standardVatBasisPoints / 100)}%`;
  const rows = invoice.lines
    .map(
      (line) => `<tr><td>${escape(line.description)}</td>
<td>${String(line.quantity)} ${escape(line.unit)}${line.quantity === 1 ? '' : 's'} at ${formatPounds(line.unitPricePence)}</td>
<td>${escape(VAT_TREATMENT_LABELS[line.vatTreatment])}${line.vatTreatment === 'standard' ? ` (${rate})` : ''}</td>
<td class="n">${formatPounds(line.netPence)}</td><td class="n">${formatPounds(line.vatPence)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Recharge invoice ${escape(invoice.invoiceNumber)}</title>
<style>body{font-family:Arial,sans-serif;margin:2em;color:#212b32}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d8dde0;padding:.4em;text-align:left}.n{text-align:right}</style></head>
<body>
<h1>Recharge invoice ${escape(invoice.invoiceNumber)}</h1>
<p>From ${escape(invoice.provider.name)} (${escape(invoice.provider.odsCode)}) to ${escape(invoice.recipient.name)} (${escape(invoice.recipient.odsCode)}), members of ${escape(invoice.organisationName)}</p>
<dl>
<dt>Invoice date</dt><dd>${invoice.issuedOn}</dd>
<dt>Payment due</dt><dd>${invoice.dueOn}</dd>
<dt>Period</dt><dd>${escape(invoice.periodLabel)} (${invoice.periodFrom} to ${invoice.periodTo})</dd>
<dt>Status</dt><dd>${invoice.status === 'paid' ? `Paid on ${invoice.paidOn ?? ''}` : 'Unpaid'}</dd>
</dl>
<table>
<thead><tr><th>Service</th><th>Units</th><th>VAT</th><th class="n">Net</th><th class="n">VAT</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>
<tr><th colspan="3">Net</th><td class="n" colspan="2">${formatPounds(invoice.netPence)}</td></tr>
<tr><th colspan="3">VAT</th><td class="n" colspan="2">${formatPounds(invoice.vatPence)}</td></tr>
<tr><th colspan="3">Total due</th><td class="n" colspan="2">${formatPounds(invoice.grossPence)}</td></tr>
</tfoot>
</table>
</body>
</html>
`;
}
