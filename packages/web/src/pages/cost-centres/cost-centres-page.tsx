import { useState, type SubmitEvent } from 'react';
import {
  fetchCostCentreHistory,
  fetchCostCentres,
  fetchListSizesByCostCentre,
  type CostCentreHistory,
  type CostCentreListing,
  type CostCentreOnDate,
  type ListSizeReport,
} from '../../api/cost-centres';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { Details } from '../../components/details';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { Table } from '../../components/table';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { dateInputToIso } from '../../format/date-input';
import { formatCount, formatDate } from '../../format/format';
import { errorFor } from '../../forms/error-items';
import { dateParts } from '../../forms/form-data';
import { Link } from '../../router/link';
import { usePermission } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { AssignForm, CreateForm, MergeForm, type FormOutcome } from './cost-centre-forms';

/** Everything the page shows for one date. */
interface CostCentreData {
  listing: CostCentreListing;
  report: ListSizeReport;
  history: CostCentreHistory;
}

const load = async (on: string | undefined): Promise<CostCentreData> => {
  const [listing, report, history] = await Promise.all([
    fetchCostCentres(on),
    fetchListSizesByCostCentre(on),
    fetchCostCentreHistory(),
  ]);
  return { listing, report, history };
};

/**
 * The organisation's cost centres as at a date (ORG-3): their practices and list sizes, the
 * merges so far, and for finance and admin roles the forms that merge, move and add them.
 */
export function CostCentresPage() {
  const [on, setOn] = useState<string | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const { state, last } = useApi(`cost-centres:${on ?? 'today'}:${String(version)}`, () =>
    load(on),
  );
  // The signed-in user may create, assign and merge cost centres (the server decides too).
  const canManage = usePermission('cost-centres:manage', null);
  useDocumentTitle(errors.length > 0 ? 'Error: Cost centres' : 'Cost centres');

  if (state.status === 'error') {
    if (state.httpStatus === 403) return <PermissionDeniedPage what="cost centres" />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  // While a new date loads, the page keeps showing the last one rather than blanking out.
  const data = state.status === 'done' ? state.data : last;
  if (!data) return <LoadingPage />;

  const outcome: FormOutcome = {
    errors,
    onErrors: (items) => {
      setNotice(null);
      setErrors(items);
    },
    done: (message, date) => {
      setErrors([]);
      setNotice(message);
      if (date !== undefined) setOn(date);
      setVersion((v) => v + 1);
    },
  };

  const showAsAt = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parts = dateParts(new FormData(event.currentTarget), 'asAt');
    setNotice(null);
    if (!parts.day && !parts.month && !parts.year) {
      setErrors([]);
      setOn(undefined);
      return;
    }
    const date = dateInputToIso(parts, 'The date');
    if (!date.ok) {
      setErrors([{ text: date.message, href: '#asAt-day' }]);
      return;
    }
    setErrors([]);
    setOn(date.iso);
  };

  return (
    <>
      <BackLink to="/organisation">Back to organisation</BackLink>
      <ErrorSummary items={errors} />
      {notice !== null ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <PageHeading caption="Organisation">Cost centres</PageHeading>
      <p className="nhsuk-lede-text">
        Each practice is in one cost centre at a time. Cost centres can merge from a date; what came
        before is kept, so reports for dates before and after a merge both add up.
      </p>

      <form onSubmit={showAsAt} noValidate aria-label="Show cost centres as at a date">
        <DateInput
          id="asAt"
          legend="As at"
          hint={`Showing ${formatDate(data.listing.on)}. Enter another date, for example 31 3 2025, or leave empty for today.`}
          error={errorFor(errors, 'asAt-day')}
        />
        <Button variant="secondary" aria-disabled={state.status === 'loading'}>
          Show
        </Button>
      </form>
      {state.status === 'loading' ? (
        <p className="nhsuk-body-s" role="status">
          Loading…
        </p>
      ) : null}

      <Overview listing={data.listing} report={data.report} />
      <Merges history={data.history} />

      {canManage ? (
        <>
          <h2 id="merge-heading">Merge cost centres</h2>
          <MergeForm listing={data.listing} {...outcome} />
          <h2 id="assign-heading">Move a practice to a cost centre</h2>
          <AssignForm listing={data.listing} {...outcome} />
          <h2 id="create-heading">Add a cost centre</h2>
          <CreateForm {...outcome} />
        </>
      ) : (
        <p>Central finance and organisation administrators can add, merge and move cost centres.</p>
      )}
    </>
  );
}

function statusText(centre: CostCentreOnDate): string {
  if (centre.status === 'open') return 'Open';
  if (centre.mergedInto) {
    const { costCentre, effectiveFrom } = centre.mergedInto;
    return `Merged into ${costCentre.code} from ${formatDate(effectiveFrom)}`;
  }
  return 'No practices';
}

/** The cost centres on the date: practices, list sizes and status, then the same as a chart. */
function Overview({ listing, report }: { listing: CostCentreListing; report: ListSizeReport }) {
  const on = formatDate(listing.on);
  const sizes = new Map(report.costCentres.map((centre) => [centre.id, centre.listSize]));
  const practiceSizes = new Map(
    [...report.costCentres.flatMap((c) => c.practices), ...report.unassigned.practices].map((p) => [
      p.id,
      p.listSize,
    ]),
  );
  const open = listing.costCentres.filter((centre) => centre.status === 'open').length;
  const chart = [
    ...report.costCentres.map((centre) => ({ label: centre.code, value: centre.listSize })),
    ...(report.unassigned.practices.length > 0
      ? [{ label: 'No cost centre', value: report.unassigned.listSize }]
      : []),
  ];
  return (
    <>
      <ul className="nhsuk-list app-totals">
        <li>
          <strong className="nhsuk-heading-l nhsuk-u-margin-bottom-0">
            {formatCount(report.total)}
          </strong>{' '}
          patients on {on}
        </li>
        <li>
          <strong className="nhsuk-heading-l nhsuk-u-margin-bottom-0">{open}</strong>{' '}
          {open === 1 ? 'cost centre' : 'cost centres'} with practices
        </li>
      </ul>
      {listing.costCentres.length === 0 ? (
        <p>The organisation has no cost centres yet.</p>
      ) : (
        <WideTable
          caption={`Cost centres on ${on}`}
          head={['Cost centre', 'Practices', 'List size', 'Status']}
          rows={listing.costCentres.map((centre) => ({
            key: centre.id,
            cells: [
              <>
                <strong>{centre.code}</strong>
                <span className="nhsuk-u-display-block">{centre.name}</span>
              </>,
              centre.practices.length === 0 ? (
                'None'
              ) : (
                <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                  {centre.practices.map((practice) => (
                    <li key={practice.id} className="nhsuk-u-margin-bottom-1">
                      <Link to={`/organisation/practices/${encodeURIComponent(practice.id)}`}>
                        {practice.name}
                      </Link>{' '}
                      ({practice.odsCode})
                      <span className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-display-block nhsuk-u-margin-bottom-0">
                        since {formatDate(practice.since)}
                        {practiceSizes.has(practice.id)
                          ? `, ${formatCount(practiceSizes.get(practice.id) ?? 0)} patients`
                          : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              ),
              formatCount(sizes.get(centre.id) ?? 0),
              statusText(centre),
            ],
          }))}
        />
      )}
      {listing.unassignedPractices.length > 0 ? (
        <>
          <h2>Practices in no cost centre on {on}</h2>
          <ul>
            {listing.unassignedPractices.map((practice) => (
              <li key={practice.id}>
                {practice.name} ({practice.odsCode})
                {practiceSizes.has(practice.id)
                  ? `: ${formatCount(practiceSizes.get(practice.id) ?? 0)} patients`
                  : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {chart.length > 0 ? (
        <>
          <h2>List size by cost centre</h2>
          <LazyHorizontalBarChart
            caption={`Patients in each cost centre on ${on}, from each practice’s latest list size. The table above gives the same numbers.`}
            data={chart}
          />
        </>
      ) : null}
    </>
  );
}

/** The merges so far, newest first, and every move of a practice between cost centres. */
function Merges({ history }: { history: CostCentreHistory }) {
  const merges = [...history.merges].reverse();
  const moves = [...history.assignments].reverse();
  return (
    <>
      <h2>Merges</h2>
      {merges.length === 0 ? (
        <p>No cost centres have merged yet.</p>
      ) : (
        <Table
          caption="Merges of cost centres, newest first"
          head={['From', 'Merge', 'Why']}
          rows={merges.map((merge) => ({
            key: merge.id,
            cells: [
              formatDate(merge.effectiveFrom),
              <>
                {merge.from.map((centre) => centre.code).join(', ')} into{' '}
                <strong>
                  {merge.into.code} {merge.into.name}
                </strong>
              </>,
              <>
                {merge.reason ?? ''}
                <span className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-display-block nhsuk-u-margin-bottom-0">
                  Recorded
                  {merge.recordedBy ? ` by ${merge.recordedBy.displayName}` : ''} on{' '}
                  {formatDate(merge.recordedAt)}
                </span>
              </>,
            ],
          }))}
        />
      )}
      {moves.length > 0 ? (
        <Details
          summary={`Every move of a practice between cost centres (${String(moves.length)})`}
        >
          <Table
            caption="Moves of practices, newest first"
            head={['From', 'Practice', 'Cost centre']}
            rows={moves.map((move) => ({
              key: move.id,
              cells: [
                formatDate(move.effectiveFrom),
                `${move.practice.name} (${move.practice.odsCode})`,
                `${move.costCentre.code} ${move.costCentre.name}`,
              ],
            }))}
          />
        </Details>
      ) : null}
    </>
  );
}
