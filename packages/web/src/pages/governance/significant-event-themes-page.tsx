import { useState } from 'react';
import {
  SIGNIFICANT_EVENT_CATEGORY_LABELS,
  SIGNIFICANT_EVENT_KIND_LABELS,
  SIGNIFICANT_EVENT_KINDS,
} from '@atscale/domain';
import {
  fetchSignificantEventThemes,
  type SignificantEventThemes,
} from '../../api/significant-events';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { LazySeriesLineChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

/**
 * The organisation's themes: significant events and complaints by category and quarter across
 * every practice, with no practice named and small counts hidden.
 */
export function SignificantEventThemesPage() {
  useDocumentTitle('Significant event themes');
  const [kind, setKind] = useState('');
  const themes = useApi(`significant-event-themes ${kind}`, () =>
    fetchSignificantEventThemes(kind),
  );
  if (themes.state.status === 'error') {
    if (themes.state.httpStatus === 403) return <PermissionDeniedPage what="the themes" />;
    return <ServiceUnavailablePage detail={themes.state.detail} />;
  }
  const shown = themes.state.status === 'done' ? themes.state.data : themes.last;
  if (shown === undefined) return <LoadingPage />;
  return (
    <>
      <BackLink to="/governance/significant-events">Significant events and complaints</BackLink>
      <PageHeading caption="Governance">Themes</PageHeading>
      <p className="nhsuk-body-l">
        What the organisation’s significant events and complaints are about, quarter by quarter,
        across every practice. No practice is named, and a count of fewer than{' '}
        {String(shown.suppressBelow)} is hidden so that a small practice cannot be picked out.
      </p>
      <Select
        id="sea-themes-kind"
        label="Kind"
        prompt="Both kinds"
        value={kind}
        onChange={(e) => {
          setKind(e.target.value);
        }}
        options={SIGNIFICANT_EVENT_KINDS.map((k) => ({
          value: k,
          label: SIGNIFICANT_EVENT_KIND_LABELS[k],
        }))}
      />
      <ThemesChart themes={shown} />
      <ThemesTable themes={shown} />
    </>
  );
}

function ThemesChart({ themes }: { themes: SignificantEventThemes }) {
  // Only categories with something to show get a line; a hidden count leaves a gap, not a zero.
  const shownRows = themes.rows.filter((r) => r.counts.some((n) => n !== null && n > 0));
  if (shownRows.length === 0) return <p>Nothing to chart yet.</p>;
  const data = themes.quarters.map((q, i) => {
    const point: Record<string, string | number> = { label: q.label };
    for (const row of shownRows) {
      const n = row.counts[i];
      if (n !== null && n !== undefined) point[row.category] = n;
    }
    return point;
  });
  return (
    <LazySeriesLineChart
      caption="Events by category and quarter; the same counts are in the table below."
      data={data}
      series={shownRows.map((r) => ({
        dataKey: r.category,
        name: SIGNIFICANT_EVENT_CATEGORY_LABELS[r.category],
      }))}
    />
  );
}

function ThemesTable({ themes }: { themes: SignificantEventThemes }) {
  const below = `fewer than ${String(themes.suppressBelow)}`;
  return (
    <>
      <WideTable
        caption="Events by category and quarter"
        head={['Category', ...themes.quarters.map((q) => q.label)]}
        rows={themes.rows.map((r) => ({
          key: r.category,
          cells: [
            SIGNIFICANT_EVENT_CATEGORY_LABELS[r.category],
            ...r.counts.map((n) => (n === null ? below : String(n))),
          ],
        }))}
      />
      {themes.suppressed > 0 && (
        <p className="nhsuk-body-s">
          {`${String(themes.suppressed)} counts are shown as “${below}” to protect small practices.`}
        </p>
      )}
    </>
  );
}
