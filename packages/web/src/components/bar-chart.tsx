import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatCount } from '../format/format';

/** One bar of a {@link HorizontalBarChart}. */
export interface BarDatum {
  label: string;
  value: number;
}

/** Props for {@link HorizontalBarChart}. */
export interface HorizontalBarChartProps {
  /** The figure caption; say where the same numbers are given as text. */
  caption: string;
  data: readonly BarDatum[];
}

// NHS.UK colours: blue bars, grey grid lines, dark text.
const nhsBlue = '#005eb8';
const textColour = '#212b32';
const gridColour = '#d8dde0';

/** A horizontal bar chart in a figure; the chart itself is hidden from screen readers, the caption is not. */
export function HorizontalBarChart({ caption, data }: HorizontalBarChartProps) {
  const height = 48 * data.length + 56;
  return (
    <figure className="app-chart">
      <figcaption className="nhsuk-body-s app-chart__caption">{caption}</figcaption>
      <div className="app-chart__plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={height}>
          <BarChart
            data={[...data]}
            layout="vertical"
            margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid horizontal={false} stroke={gridColour} />
            <XAxis
              type="number"
              tickFormatter={formatCount}
              tick={{ fill: textColour, fontSize: 14 }}
            />
            <YAxis
              type="category"
              dataKey="label"
              width={120}
              tick={{ fill: textColour, fontSize: 14 }}
            />
            <Bar dataKey="value" fill={nhsBlue} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
