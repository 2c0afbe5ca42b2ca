import { lazy, Suspense } from 'react';
import type { ComparisonBarChartProps } from './comparison-chart';

// The charting library is large, so the chart's code loads only when one is shown.
const ComparisonBarChart = lazy(async () => ({
  default: (await import('./comparison-chart')).ComparisonBarChart,
}));

/** A {@link ComparisonBarChart} whose code loads when it is first shown, saying so meanwhile. */
export function LazyComparisonBarChart(props: ComparisonBarChartProps) {
  return (
    <Suspense fallback={<p className="nhsuk-body-s">Loading chart…</p>}>
      <ComparisonBarChart {...props} />
    </Suspense>
  );
}
