import {
  DEFAULT_SOURCES,
  WORKING_DAYS_PER_YEAR,
  formatPounds,
  type Estimate,
  type FormSummary,
  type Measures,
  type Scenario,
  type SimulationSummary,
} from '@atscale/domain';

/** Facts about the run the report states. */
export interface ReportRun {
  readonly seed: number;
  readonly workers: number;
  readonly seconds: number;
  readonly generatedAt: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One decimal place, never "-0.0". */
const oneDecimal = (x: number) => (Math.abs(x) < 0.05 ? 0 : x).toFixed(1);
const percent = (x: number) => `${oneDecimal(x * 100)}%`;
const days = oneDecimal;
const per1000 = oneDecimal;
const count = oneDecimal;
/** Whole pounds: a year's money to the penny reads as false precision. */
const pounds = (pence: number) => formatPounds(Math.round(pence / 100) * 100).replace(/\.00$/, '');

/** A mean with its 95% interval: "84.4% (83.9% to 84.9%)". */
function withInterval(e: Estimate, format: (x: number) => string): string {
  return `<span class="mean">${escape(format(e.mean))}</span><span class="ci">${escape(format(e.low))} to ${escape(format(e.high))}</span>`;
}

const ROWS: readonly {
  readonly key: keyof Measures;
  readonly label: string;
  readonly format: (x: number) => string;
  readonly section: string;
}[] = [
  {
    section: 'Access',
    key: 'sameDayShare',
    label: 'Requests dealt with the same day',
    format: percent,
  },
  {
    section: 'Access',
    key: 'medianWait',
    label: 'Median wait for an appointment (working days)',
    format: days,
  },
  { section: 'Access', key: 'p90Wait', label: '90th percentile wait (working days)', format: days },
  {
    section: 'Access',
    key: 'unmetShare',
    label: 'Unmet demand (share of requests)',
    format: percent,
  },
  {
    section: 'Access',
    key: 'faceToFacePer1000PerWeek',
    label: 'Face-to-face appointments per 1,000 patients a week',
    format: per1000,
  },
  {
    section: 'Resilience',
    key: 'crisisDays',
    label: 'Days in crisis per practice a year',
    format: count,
  },
  {
    section: 'Resilience',
    key: 'cannotCover',
    label: 'Probability a practice has a week it cannot cover',
    format: percent,
  },
  { section: 'Money (group, a year)', key: 'levy', label: 'Levy paid', format: pounds },
  { section: 'Money (group, a year)', key: 'savings', label: 'Central savings', format: pounds },
  {
    section: 'Money (group, a year)',
    key: 'vat',
    label: 'VAT on services between members',
    format: pounds,
  },
  {
    section: 'Money (group, a year)',
    key: 'locumCost',
    label: 'Locum and pool cover',
    format: pounds,
  },
  {
    section: 'Money (group, a year)',
    key: 'profitPerPartner',
    label: 'Profit per partner',
    format: pounds,
  },
];

function comparisonTable(forms: readonly FormSummary[]): string {
  let section = '';
  const body = ROWS.map((row) => {
    const head =
      row.section !== section
        ? `<tr class="section"><th colspan="${forms.length + 1}">${escape((section = row.section))}</th></tr>`
        : '';
    const cells = forms
      .map((f) => `<td>${withInterval(f.group[row.key], row.format)}</td>`)
      .join('');
    return `${head}<tr><th scope="row">${escape(row.label)}</th>${cells}</tr>`;
  }).join('\n');
  return `<table class="compare"><thead><tr><th></th>${forms
    .map((f) => `<th scope="col">${escape(f.label)}</th>`)
    .join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A histogram of waits: the share of appointments by working days waited. */
function waitHistogram(f: FormSummary): string {
  const shares = f.distributions.waitShares;
  const w = 220;
  const h = 110;
  const barW = w / shares.length;
  const bars = shares
    .map((s, i) => {
      const bh = Math.max(0, s) * (h - 20);
      return `<rect x="${(i * barW + 1).toFixed(1)}" y="${(h - 14 - bh).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${bh.toFixed(1)}"><title>${i} days: ${percent(s)}</title></rect>`;
    })
    .join('');
  const labels = shares
    .map((_, i) =>
      i % 2 === 0 ? `<text x="${(i * barW + barW / 2).toFixed(1)}" y="${h - 2}">${i}</text>` : '',
    )
    .join('');
  return `<figure class="small"><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Wait for an appointment, ${escape(f.label)}">${bars}${labels}</svg><figcaption>${escape(f.label)}: ${percent(shares[0] ?? 0)} seen the same day</figcaption></figure>`;
}

/** Box plots, one row per form, of a per-replication figure: whiskers 5th-95th percentile. */
function boxPlot(
  forms: readonly FormSummary[],
  values: (f: FormSummary) => readonly number[],
  format: (x: number) => string,
  label: string,
): string {
  const all = forms.flatMap((f) => values(f));
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const left = 230;
  const width = 420;
  const rowH = 26;
  const height = forms.length * rowH + 30;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * width;
  const q = (sorted: number[], p: number) => {
    const at = (sorted.length - 1) * p;
    const i = Math.floor(at);
    const a = sorted[i] ?? 0;
    const b = sorted[Math.min(i + 1, sorted.length - 1)] ?? a;
    return a + (b - a) * (at - i);
  };
  const rows = forms
    .map((f, r) => {
      const s = [...values(f)].sort((a, b) => a - b);
      const y = 10 + r * rowH;
      const [p5, p25, p50, p75, p95] = [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => q(s, p)) as [
        number,
        number,
        number,
        number,
        number,
      ];
      return `<g><text class="name" x="${left - 8}" y="${y + 14}">${escape(f.label)}</text>
<line x1="${x(p5).toFixed(1)}" x2="${x(p95).toFixed(1)}" y1="${y + 10}" y2="${y + 10}" class="whisker"/>
<rect x="${x(p25).toFixed(1)}" y="${y + 3}" width="${Math.max(1, x(p75) - x(p25)).toFixed(1)}" height="14" class="box"><title>${escape(f.label)}: median ${escape(format(p50))}, middle half ${escape(format(p25))} to ${escape(format(p75))}</title></rect>
<line x1="${x(p50).toFixed(1)}" x2="${x(p50).toFixed(1)}" y1="${y + 2}" y2="${y + 18}" class="median"/></g>`;
    })
    .join('\n');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => {
      const v = lo + t * (hi - lo);
      return `<text class="tick" x="${x(v).toFixed(1)}" y="${height - 4}">${escape(format(v))}</text>`;
    })
    .join('');
  return `<figure><svg viewBox="0 0 ${left + width + 40} ${height}" role="img" aria-label="${escape(label)}">${rows}${ticks}</svg><figcaption>${escape(label)}: box = middle half of the replications, line = median, whiskers = 5th to 95th percentile.</figcaption></figure>`;
}

function practiceTables(forms: readonly FormSummary[]): string {
  return forms
    .map(
      (f) => `<details class="practices" open><summary>${escape(f.label)}: each practice</summary>
<table><thead><tr><th>Practice</th><th>Same day</th><th>90th percentile wait</th><th>Unmet</th><th>Days in crisis</th><th>Week it cannot cover</th><th>Profit per partner</th></tr></thead><tbody>
${f.practices
  .map(
    (p) =>
      `<tr><th scope="row">${escape(p.name)} <small>${escape(p.odsCode)}</small></th><td>${withInterval(p.sameDayShare, percent)}</td><td>${withInterval(p.p90Wait, days)}</td><td>${withInterval(p.unmetShare, percent)}</td><td>${withInterval(p.crisisDays, count)}</td><td>${withInterval(p.cannotCover, percent)}</td><td>${withInterval(p.profitPerPartner, pounds)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></details>`,
    )
    .join('\n');
}

function assumptions(scenario: Scenario): string {
  const value = (field: string): string => {
    const [section, key] = field.split('.') as [keyof Scenario, string];
    const v = (scenario[section] as unknown as Record<string, unknown>)[key];
    return Array.isArray(v) ? v.join(', ') : String(v);
  };
  return `<table class="assumptions"><thead><tr><th>Setting</th><th>Value</th><th>Source of the default</th></tr></thead><tbody>${DEFAULT_SOURCES.map(
    (s) =>
      `<tr><th scope="row"><code>${escape(s.field)}</code></th><td>${escape(value(s.field))}</td><td>${escape(s.source)}</td></tr>`,
  ).join('\n')}</tbody></table>`;
}

const CSS = `
:root{--ink:#1d2731;--muted:#5b6875;--line:#d5dbe1;--accent:#005eb8;--fill:#9cc3e6}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:2rem auto;max-width:1200px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem}
.meta{color:var(--muted)}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
.compare td{text-align:right}.compare thead th{font-size:.85rem;vertical-align:bottom}.section th{background:#eef3f8;font-weight:600}
.mean{display:block;font-weight:600}.ci{display:block;color:var(--muted);font-size:.8rem}
.forms dt{font-weight:600}.forms dd{margin:0 0 .5rem 0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1rem}
figure{margin:.5rem 0}figure svg{max-width:760px;display:block}figure.small svg{width:100%;height:auto}figcaption{color:var(--muted);font-size:.85rem}
svg rect{fill:var(--fill)}svg text{font-size:9px;fill:var(--muted);text-anchor:middle}
svg .name{text-anchor:end;font-size:11px;fill:var(--ink)}svg .tick{font-size:10px}
svg .box{fill:var(--fill);stroke:var(--accent)}svg .whisker{stroke:var(--accent)}svg .median{stroke:var(--ink);stroke-width:2}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .75rem}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}table,figure,.grid{break-inside:avoid}
details>summary{list-style:none;font-weight:600}
@page{size:A4 landscape;margin:12mm}}
`;

/**
 * The comparison report as one standalone HTML file: inline CSS and SVG, no scripts, no
 * requests elsewhere; it prints to a clean PDF from a browser (print CSS, A4 landscape).
 */
export function renderReport(
  scenario: Scenario,
  summary: SimulationSummary,
  run: ReportRun,
): string {
  const forms = summary.forms;
  const patients = scenario.practices.reduce((n, p) => n + p.listSize, 0);
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(scenario.name)}: working at scale compared</title><style>${CSS}</style></head>
<body>
<header><h1>${escape(scenario.name)}: is working at scale the answer?</h1>
<p class="meta">${scenario.practices.length} practices, ${patients.toLocaleString('en-GB')} patients. ${summary.replications.toLocaleString('en-GB')} simulated years per form (seed ${run.seed}), ${run.workers} worker thread(s), ${run.seconds.toFixed(1)} s. Generated ${escape(run.generatedAt)}.</p>
<p class="note">Each figure is the mean over the simulated years with its 95% confidence interval below it. Every form sees the same simulated demand and absences, so differences between forms are the forms', not chance.</p></header>
<section><h2>Side by side</h2>${comparisonTable(forms)}</section>
<section><h2>Time to appointment</h2><p>Share of appointments by working days waited (0 = the same day), over all simulated years.</p><div class="grid">${forms.map(waitHistogram).join('\n')}</div></section>
<section><h2>Spread across simulated years</h2>
${boxPlot(forms, (f) => f.distributions.profitPerPartner, pounds, 'Profit per partner (group)')}
${boxPlot(forms, (f) => f.distributions.sameDayShare, percent, 'Share of requests dealt with the same day')}
${boxPlot(forms, (f) => f.distributions.p90Wait, days, '90th percentile wait (working days)')}
</section>
<section><h2>The forms</h2><dl class="forms">${forms
    .map((f) => `<dt>${escape(f.label)}</dt><dd>${escape(f.summary)}</dd>`)
    .join('')}</dl></section>
<section><h2>Each practice</h2>${practiceTables(forms)}</section>
<section><h2>Assumptions</h2>${assumptions(scenario)}
<p>A year is ${WORKING_DAYS_PER_YEAR} working days (52 weeks less 8 bank holidays). Requests are counted per practice and day (Poisson around the shaped mean); within a day they are split by the triage shares. Same-day requests not met that day are unmet; routine requests wait oldest first and are unmet after the routine window. Profit is before partners' drawings and tax; where profit is pooled it is shared equally per partner. The MCP's earn-back is simplified to the share of requests met within their window against a target.</p></section>
</body></html>
`;
}
