import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
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

// NHS.UK colours: blue and grey bars, grey grid lines, dark text.
export const nhsBlue = '#005eb8';
export const nhsGrey = '#768692';
const textColour = '#212b32';
const gridColour = '#d8dde0';

/** One bar of each row of a {@link HorizontalBars}: the field it shows, its colour and name. */
export interface BarSeries {
  dataKey: string;
  fill: string;
  /** Its name in the legend. */
  name?: string;
}

/** Props for {@link HorizontalBars}. */
export interface HorizontalBarsProps {
  caption: string;
  /** The rows, each with a `label` and the fields the bars name. */
  data: readonly { label: string }[];
  series: readonly BarSeries[];
  /** The chart's height in pixels. */
  height: number;
  /** The width of the row labels, in pixels. */
  labelWidth: number;
  /** Whether a legend names the bars. */
  legend?: boolean;
}

/**
 * Horizontal bars, one group a row, in a figure; the chart itself is hidden from screen
 * readers, the caption is not.
 */
export function HorizontalBars({
  caption,
  data,
  series,
  height,
  labelWidth,
  legend = false,
}: HorizontalBarsProps) {
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
              width={labelWidth}
              tick={{ fill: textColour, fontSize: 14 }}
            />
            {legend ? <Legend /> : null}
            {series.map((bar) => (
              <Bar
                key={bar.dataKey}
                dataKey={bar.dataKey}
                {...(bar.name === undefined ? {} : { name: bar.name })}
                fill={bar.fill}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

const valueBars: readonly BarSeries[] = [{ dataKey: 'value', fill: nhsBlue }];

/** A horizontal bar chart in a figure; the chart itself is hidden from screen readers, the caption is not. */
export function HorizontalBarChart({ caption, data }: HorizontalBarChartProps) {
  return (
    <HorizontalBars
      caption={caption}
      data={data}
      series={valueBars}
      height={48 * data.length + 56}
      labelWidth={120}
    />
  );
}
