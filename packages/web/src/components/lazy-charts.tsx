import { lazy, Suspense } from 'react';
import type { HorizontalBarChartProps } from './bar-chart';
import type { TimeLineChartProps } from './line-chart';
import type { SeriesLineChartProps } from './series-line-chart';

// The charting library is large, so a chart's code loads only when one is shown.
const HorizontalBarChart = lazy(async () => ({
  default: (await import('./bar-chart')).HorizontalBarChart,
}));
const TimeLineChart = lazy(async () => ({
  default: (await import('./line-chart')).TimeLineChart,
}));
const SeriesLineChart = lazy(async () => ({
  default: (await import('./series-line-chart')).SeriesLineChart,
}));

const loading = <p className="nhsuk-body-s">Loading chart…</p>;

/** A {@link HorizontalBarChart} whose code loads when it is first shown, saying so meanwhile. */
export function LazyHorizontalBarChart(props: HorizontalBarChartProps) {
  return (
    <Suspense fallback={loading}>
      <HorizontalBarChart {...props} />
    </Suspense>
  );
}

/** A {@link TimeLineChart} whose code loads when it is first shown, saying so meanwhile. */
export function LazyTimeLineChart(props: TimeLineChartProps) {
  return (
    <Suspense fallback={loading}>
      <TimeLineChart {...props} />
    </Suspense>
  );
}

/** A {@link SeriesLineChart} whose code loads when it is first shown, saying so meanwhile. */
export function LazySeriesLineChart(props: SeriesLineChartProps) {
  return (
    <Suspense fallback={loading}>
      <SeriesLineChart {...props} />
    </Suspense>
  );
}
