import { HorizontalBars, nhsBlue, nhsGrey } from '../../../components/bar-chart';

/** One row of a {@link ComparisonBarChart}: a value and what it is measured against. */
export interface ComparisonDatum {
  label: string;
  value: number;
  /** The agreed level, fair share or other mark; null where there is none. */
  reference: number | null;
}

/** Props for {@link ComparisonBarChart}. */
export interface ComparisonBarChartProps {
  /** The figure caption; say where the same numbers are given as text. */
  caption: string;
  data: readonly ComparisonDatum[];
  /** Legend names of the two bars. */
  valueName: string;
  referenceName: string;
}

/**
 * Horizontal bars for each row with its reference beside it in grey (the agreed level, the fair
 * share), in a figure; the chart is hidden from screen readers, the caption is not.
 */
export function ComparisonBarChart({
  caption,
  data,
  valueName,
  referenceName,
}: ComparisonBarChartProps) {
  return (
    <HorizontalBars
      caption={caption}
      data={data.map((d) => ({ ...d, reference: d.reference ?? 0 }))}
      series={[
        { dataKey: 'value', name: valueName, fill: nhsBlue },
        { dataKey: 'reference', name: referenceName, fill: nhsGrey },
      ]}
      height={64 * data.length + 88}
      labelWidth={140}
      legend
    />
  );
}
