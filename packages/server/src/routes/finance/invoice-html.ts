import type { LevyInvoiceDetail } from '@atscale/db';
import { VAT_TREATMENT_LABELS, formatPounds } from '@atscale/domain';

/** Text made safe to put in an HTML page. */
export const escape = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** A levy invoice as a printable page: net, VAT and gross shown separately. */
export function invoiceHtml(invoice: LevyInvoiceDetail): string {
  const rows = invoice.lines
    .map(
      (line) => `<tr><td>${escape(line.description)}</td><td>${String(line.quantity)}</td>
<td>${escape(VAT_TREATMENT_LABELS[line.vatTreatment])}</td>
<td class="n">${formatPounds(line.netPence)}</td><td class="n">${formatPounds(line.vatPence)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Invoice ${escape(invoice.invoiceNumber)}</title>
<style>body{font-family:Arial,sans-serif;margin:2em;color:#212b32}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d8dde0;padding:.4em;text-align:left}.n{text-align:right}</style></head>
<body>
<h1>Invoice ${escape(invoice.invoiceNumber)}</h1>
<p>From ${escape(invoice.organisationName)} to ${escape(invoice.practice.name)} (${escape(invoice.practice.odsCode)})</p>
<dl>
<dt>Invoice date</dt><dd>${invoice.issuedOn}</dd>
<dt>Payment due</dt><dd>${invoice.dueOn}</dd>
<dt>Period</dt><dd>${escape(invoice.periodLabel)} (${invoice.periodFrom} to ${invoice.periodTo})</dd>
<dt>List size</dt><dd>${String(invoice.listSize)} patients (${invoice.basis === 'weighted-list' ? 'weighted list' : 'registered list'} on ${invoice.listCountedOn})</dd>
<dt>Status</dt><dd>${invoice.status === 'paid' ? `Paid on ${invoice.paidOn ?? ''}` : 'Unpaid'}</dd>
</dl>
<table>
<thead><tr><th>Description</th><th>Patients</th><th>VAT</th><th class="n">Net</th><th class="n">VAT</th></tr></thead>
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
