import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatCount } from '../format/format';

/** One point of a {@link TimeLineChart}. */
export interface LinePoint {
  label: string;
  value: number;
}

/** Props for {@link TimeLineChart}. */
export interface TimeLineChartProps {
  /** The figure caption; say where the same numbers are given as text. */
  caption: string;
  /** Points oldest first. */
  data: readonly LinePoint[];
}

const nhsBlue = '#005eb8';
const textColour = '#212b32';
const gridColour = '#d8dde0';

/** A line chart over time in a figure; the chart itself is hidden from screen readers, the caption is not. */
export function TimeLineChart({ caption, data }: TimeLineChartProps) {
  return (
    <figure className="app-chart">
      <figcaption className="nhsuk-body-s app-chart__caption">{caption}</figcaption>
      <div className="app-chart__plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={280}>
          <LineChart
            data={[...data]}
            margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={gridColour} />
            <XAxis dataKey="label" tick={{ fill: textColour, fontSize: 14 }} />
            <YAxis
              tickFormatter={formatCount}
              tick={{ fill: textColour, fontSize: 14 }}
              domain={['auto', 'auto']}
              width={64}
            />
            <Line
              type="monotone"
              dataKey="value"
              stroke={nhsBlue}
              strokeWidth={3}
              dot={{ r: 4, fill: nhsBlue }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
