import { lazy, Suspense } from 'react';
import { fetchPractice, type Practice } from '../../api/organisation';
import { useApi } from '../../api/use-api';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate, formatMonthYear, idAsWords } from '../../format/format';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

// The charting library is large, so it loads only when a chart is shown.
const TimeLineChart = lazy(async () => ({
  default: (await import('../../components/line-chart')).TimeLineChart,
}));

/** One member practice: its details and list size history. */
export function PracticePage({ practiceId }: { practiceId: string }) {
  const state = useApi(`practice:${practiceId}`, () => fetchPractice(practiceId));
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    if (state.httpStatus === 404) return <NotFoundPage />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  return <PracticeDetails practice={state.data} />;
}

const notRecorded = 'Not recorded';

function PracticeDetails({ practice }: { practice: Practice }) {
  useDocumentTitle(practice.name);
  const address = [...practice.addressLines, ...(practice.postcode ? [practice.postcode] : [])];
  const oldestFirst = [...practice.listSizes].reverse();
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to="/organisation">
          Back to organisation
        </Link>
      </div>
      <h1>
        <span className="nhsuk-caption-l">
          Practice
          <span className="nhsuk-u-visually-hidden"> - </span>
        </span>
        {practice.name}
      </h1>
      <SummaryList
        rows={[
          { key: 'ODS code', value: practice.odsCode },
          { key: 'Status', value: idAsWords(practice.status) },
          { key: 'Contract type', value: practice.contractType ?? notRecorded },
          {
            key: 'Address',
            value:
              address.length > 0
                ? address.map((line, index) => (
                    <span className="nhsuk-u-display-block" key={`${String(index)}-${line}`}>
                      {line}
                    </span>
                  ))
                : notRecorded,
          },
          { key: 'Phone', value: practice.phone ?? notRecorded },
          {
            key: 'Opened',
            value: practice.openedOn ? formatDate(practice.openedOn) : notRecorded,
          },
          { key: 'Commissioner code', value: practice.commissionerCode ?? notRecorded },
        ]}
      />
      <h2>List size</h2>
      {practice.listSizes.length > 0 ? (
        <>
          <Suspense fallback={<p className="nhsuk-body-s">Loading chart…</p>}>
            <TimeLineChart
              caption="List size over time. The list size history table below gives the same numbers."
              data={oldestFirst.map((entry) => ({
                label: formatMonthYear(entry.date),
                value: entry.listSize,
              }))}
            />
          </Suspense>
          <Table
            caption="List size history"
            head={['Date', 'List size']}
            rows={practice.listSizes.map((entry) => ({
              key: entry.date,
              cells: [formatDate(entry.date), formatCount(entry.listSize)],
            }))}
          />
        </>
      ) : (
        <p>No list sizes have been recorded for this practice.</p>
      )}
    </>
  );
}
