import { useState } from 'react';
import { dateInEngland, EXTENDED_ACCESS_UNUSED, nextDate } from '@atscale/domain';
import { fetchHub, fetchHubDay, fetchHubWeek, type HubDay, type HubWeek } from '../../../api/hubs';
import { useApi } from '../../../api/use-api';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { InsetText } from '../../../components/inset-text';
import { LazyTimeLineChart } from '../../../components/lazy-charts';
import { PageHeading } from '../../../components/page-heading';
import { SuccessBanner } from '../../../components/success-banner';
import { SummaryList } from '../../../components/summary-list';
import { TextInput } from '../../../components/text-input';
import { useDocumentTitle } from '../../../components/use-document-title';
import { fieldValue } from '../../../forms/form-data';
import { formatDate } from '../../../format/format';
import { LoadingPage } from '../../loading-page';
import { useSavedNotice } from '../../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../../permission-denied-page';
import { ServiceUnavailablePage } from '../../service-unavailable-page';
import { LazyComparisonBarChart } from '../reports/lazy-comparison-chart';
import { ManagedHubForm } from './hub-form';
import { WideTable } from '../../../components/wide-table';

/** A share as a whole percentage, or a dash. */
export const percent = (value: number | null) =>
  value === null ? '–' : `${String(Math.round(value * 100))}%`;

const BENCHMARK_WORDS = {
  better: 'fewer unused than is typical',
  typical: 'about as many unused as is typical',
  worse: 'more unused than is typical',
} as const;

const DATE_ID = 'hub-day';

/** A hub's dashboard: one day's shares and use, and the week's trend. */
export function HubDashboardPage({ hubId }: { hubId: string }) {
  const [date, setDate] = useState(() => dateInEngland(new Date()));
  const [dateError, setDateError] = useState<string | undefined>();
  const hub = useApi(`hub ${hubId}`, () => fetchHub(hubId));
  const day = useApi(`hub ${hubId} ${date}`, () => fetchHubDay(hubId, date));
  const week = useApi(`hub ${hubId} week ${date}`, () => fetchHubWeek(hubId, nextDate(date, -6)));
  const { notice, saved } = useSavedNotice(async () => {
    await Promise.all([hub.reload(), day.reload()]);
  });
  useDocumentTitle(hub.last ? `${hub.last.name}: hub dashboard` : 'Hub dashboard');
  if (hub.state.status === 'loading') return <LoadingPage />;
  if (hub.state.status === 'error') {
    if (hub.state.httpStatus === 404) return <PermissionDeniedPage what="this hub" />;
    return <ServiceUnavailablePage detail={hub.state.detail} />;
  }
  const showDay = (event: React.SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = fieldValue(new FormData(event.currentTarget), DATE_ID);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
      setDateError('Enter a date as YYYY-MM-DD, for example 2026-03-10');
      return;
    }
    setDateError(undefined);
    setDate(value);
  };
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/access/hubs">Back to hubs</BackLink>
      <PageHeading caption="Hub dashboard">{hub.state.data.name}</PageHeading>
      <form onSubmit={showDay} noValidate className="nhsuk-u-margin-bottom-4">
        <TextInput
          id={DATE_ID}
          label="Day"
          hint="YYYY-MM-DD"
          className="nhsuk-input--width-10"
          defaultValue={date}
          error={dateError}
        />
        <Button variant="secondary">Show the day</Button>
      </form>
      {day.state.status === 'loading' ? <p>Loading the day…</p> : null}
      {day.state.status === 'error' ? (
        day.state.httpStatus === 403 ? (
          <p>You do not have permission to see this hub’s use.</p>
        ) : (
          <p>{day.state.detail}</p>
        )
      ) : null}
      {day.state.status === 'done' ? <DayFigures day={day.state.data} /> : null}
      {week.state.status === 'done' ? <WeekTrend week={week.state.data} /> : null}
      <ManagedHubForm
        summary="Change the hub"
        key={`form ${String(notice?.version ?? 0)}`}
        hub={hub.state.data}
        onSaved={(h) => {
          saved(`${h.name} is saved`);
        }}
      />
    </>
  );
}

function DayFigures({ day }: { day: HubDay }) {
  const low = Math.round(EXTENDED_ACCESS_UNUSED.low * 100);
  const high = Math.round(EXTENDED_ACCESS_UNUSED.high * 100);
  return (
    <>
      <h2>{formatDate(day.date)}</h2>
      <SummaryList
        rows={[
          { key: 'Hub places', value: String(day.capacity) },
          { key: 'Booked or attended', value: String(day.bookedOrAttended) },
          { key: 'Did not attend', value: String(day.didNotAttend) },
          { key: 'Utilisation', value: percent(day.utilisation) },
          {
            key: 'Recovered by release',
            value: `${String(day.recovered)} places booked after release that would otherwise have gone unused`,
          },
        ]}
      />
      <InsetText>
        <p>
          Public figures put unused extended-access appointments at {low}% to {high}%.{' '}
          {day.unusedRate === null || day.againstBenchmark === null
            ? 'This hub has no places this day.'
            : `This day ${percent(day.unusedRate)} went unused: ${BENCHMARK_WORDS[day.againstBenchmark]}.`}
        </p>
      </InsetText>
      {day.practices.length === 0 ? (
        <p>No practice shares this hub yet.</p>
      ) : (
        <>
          <LazyComparisonBarChart
            caption="Places each practice’s patients took against its fair share. The table below gives the same numbers."
            valueName="Used (with extra after release)"
            referenceName="Fair share"
            data={day.practices.map((p) => ({
              label: p.name,
              value: p.used + p.extra,
              reference: p.share,
            }))}
          />
          <WideTable
            caption="Fair shares and use by practice"
            head={[
              'Practice',
              'List size',
              'Fair share',
              'Used',
              'Left',
              'Released to others',
              'Extra after release',
            ]}
            rows={day.practices.map((p) => ({
              key: p.practiceId,
              cells: [
                p.name,
                p.listSize.toLocaleString('en-GB'),
                String(p.share),
                String(p.used),
                String(p.left),
                String(p.released),
                String(p.extra),
              ],
            }))}
          />
        </>
      )}
    </>
  );
}

function WeekTrend({ week }: { week: HubWeek }) {
  return (
    <>
      <h2>The week to this day</h2>
      <p>
        {percent(week.utilisation)} of {String(week.capacity)} places booked or attended;{' '}
        {String(week.recovered)} recovered by release.
      </p>
      <LazyTimeLineChart
        caption="Utilisation by day, as a percentage of places. The table below gives the same numbers."
        data={week.days.map((d) => ({
          label: formatDate(d.date),
          value: d.utilisation === null ? 0 : Math.round(d.utilisation * 100),
        }))}
      />
      <WideTable
        caption="The week by day"
        head={['Day', 'Places', 'Booked or attended', 'Did not attend', 'Utilisation', 'Recovered']}
        rows={week.days.map((d) => ({
          key: d.date,
          cells: [
            formatDate(d.date),
            String(d.capacity),
            String(d.bookedOrAttended),
            String(d.didNotAttend),
            percent(d.utilisation),
            String(d.recovered),
          ],
        }))}
      />
    </>
  );
}
