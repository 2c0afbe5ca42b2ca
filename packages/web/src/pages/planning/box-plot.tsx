/** One row of a {@link BoxPlot}: a form and its values over the simulated years. */
export interface BoxPlotRow {
  label: string;
  values: readonly number[];
}

/** The five numbers a box plot draws, and the mean. */
export interface FiveNumbers {
  low: number;
  q1: number;
  median: number;
  q3: number;
  high: number;
  mean: number;
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (at - lo);
}

/** The 5th, 25th, 50th, 75th and 95th percentiles and the mean of the values. */
export function fiveNumbers(values: readonly number[]): FiveNumbers {
  const sorted = [...values].sort((x, y) => x - y);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return {
    low: quantile(sorted, 0.05),
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
    high: quantile(sorted, 0.95),
    mean,
  };
}

const ROW = 28;
const LABEL = 250;
const WIDTH = 760;

/**
 * Horizontal box plots, one a form, on a shared scale: whiskers from the 5th to the 95th
 * percentile over the simulated years, the box from the 25th to the 75th, a line at the median
 * and a dot at the mean. The picture is hidden from screen readers; the table beside it says
 * the same numbers in words.
 */
export function BoxPlot({
  caption,
  rows,
  format,
}: {
  caption: string;
  rows: readonly BoxPlotRow[];
  format: (value: number) => string;
}) {
  const stats = rows.map((r) => ({ label: r.label, ...fiveNumbers(r.values) }));
  let min = Math.min(...stats.map((s) => s.low));
  let max = Math.max(...stats.map((s) => s.high));
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (max - min < 1e-9) {
    // Every year alike (a form with room to spare waits 0 days): a scale around the value,
    // not below 0 when nothing is.
    const nonNegative = min >= 0;
    const pad = Math.max(1e-3, Math.abs(max) * 0.1);
    min = nonNegative ? Math.max(0, min - pad) : min - pad;
    max += pad;
  }
  const plot = WIDTH - LABEL - 20;
  const x = (v: number) => LABEL + ((v - min) / (max - min)) * plot;
  const height = stats.length * ROW + 30;
  return (
    <figure className="app-chart app-box-plot">
      <figcaption className="nhsuk-body-s app-chart__caption">
        {caption}. Whiskers: 5th to 95th percentile of simulated years; box: 25th to 75th; line:
        median; dot: mean.
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-hidden="true"
        focusable="false"
      >
        {stats.map((s, i) => {
          const y = i * ROW + 14;
          return (
            <g key={s.label}>
              <text x={LABEL - 8} y={y + 4} textAnchor="end" fontSize="12" fill="#212b32">
                {s.label}
              </text>
              <line x1={x(s.low)} x2={x(s.high)} y1={y} y2={y} stroke="#768692" strokeWidth="2" />
              <line x1={x(s.low)} x2={x(s.low)} y1={y - 6} y2={y + 6} stroke="#768692" />
              <line x1={x(s.high)} x2={x(s.high)} y1={y - 6} y2={y + 6} stroke="#768692" />
              <rect
                x={x(s.q1)}
                y={y - 8}
                width={Math.max(1, x(s.q3) - x(s.q1))}
                height="16"
                fill="#cfe0f3"
                stroke="#005eb8"
              />
              <line
                x1={x(s.median)}
                x2={x(s.median)}
                y1={y - 8}
                y2={y + 8}
                stroke="#003087"
                strokeWidth="3"
              />
              <circle cx={x(s.mean)} cy={y} r="3" fill="#d5281b" />
            </g>
          );
        })}
        <line x1={LABEL} x2={LABEL + plot} y1={height - 22} y2={height - 22} stroke="#d8dde0" />
        {[0, 0.25, 0.5, 0.75, 1].map((t) => {
          const v = min + (max - min) * t;
          return (
            <text key={t} x={x(v)} y={height - 6} fontSize="11" textAnchor="middle" fill="#4c6272">
              {format(v)}
            </text>
          );
        })}
      </svg>
      <table className="nhsuk-table app-box-plot__table">
        <caption className="nhsuk-u-visually-hidden">{caption}: the numbers</caption>
        <thead>
          <tr>
            <th scope="col">Form</th>
            <th scope="col">5th</th>
            <th scope="col">25th</th>
            <th scope="col">Median</th>
            <th scope="col">75th</th>
            <th scope="col">95th</th>
          </tr>
        </thead>
        <tbody>
          {stats.map((s) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              <td>{format(s.low)}</td>
              <td>{format(s.q1)}</td>
              <td>{format(s.median)}</td>
              <td>{format(s.q3)}</td>
              <td>{format(s.high)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
