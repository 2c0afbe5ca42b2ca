import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCount } from '../format/format';
import { nhsBlue, nhsGrey } from './bar-chart';

/** One line of a {@link SeriesLineChart}: the field of each row it plots, and its name. */
export interface LineSeries {
  dataKey: string;
  name: string;
  /** Drawn dashed, for a reference such as a target rather than a measure. */
  dashed?: boolean;
}

/** Props for {@link SeriesLineChart}. */
export interface SeriesLineChartProps {
  /** The figure caption; say where the same numbers are given as text. */
  caption: string;
  /** The points along the axis, in order, each with a `label` and a value per series. */
  data: readonly Record<string, string | number>[];
  series: readonly LineSeries[];
}

// NHS.UK colours that stay apart from each other; a line past the last reuses them.
const palette = [nhsBlue, '#007f3b', '#d5281b', '#ffb81c', '#330072', '#ae2573', '#00a499'];
const textColour = '#212b32';
const gridColour = '#d8dde0';

/**
 * Several lines over the same axis with a legend, in a figure; the chart itself is hidden from
 * screen readers, the caption is not.
 */
export function SeriesLineChart({ caption, data, series }: SeriesLineChartProps) {
  return (
    <figure className="app-chart">
      <figcaption className="nhsuk-body-s app-chart__caption">{caption}</figcaption>
      <div className="app-chart__plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={320}>
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
              width={80}
            />
            <Legend />
            {series.map((line, index) => {
              const colour = line.dashed ? nhsGrey : (palette[index % palette.length] ?? nhsBlue);
              return (
                <Line
                  key={line.dataKey}
                  type="linear"
                  dataKey={line.dataKey}
                  name={line.name}
                  stroke={colour}
                  strokeWidth={line.dashed ? 2 : 3}
                  {...(line.dashed ? { strokeDasharray: '6 4' } : {})}
                  dot={line.dashed ? false : { r: 4, fill: colour }}
                  isAnimationActive={false}
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
