import { useState } from 'react';
import type { Me } from '../../api/me';
import { fetchProfitAndLoss, fetchProfitByCostCentre } from '../../api/finance';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { financeAccessOf } from './finance-access';
import { PeriodPicker, usePeriod } from './period-picker';
import { ProfitAndLossChart } from './profit-and-loss-chart';
import { ProfitAndLossTables } from './profit-and-loss-table';

/** The organisation as one pool, in the cost centre select. */
const WHOLE = '';

/**
 * Profit and loss (FIN-1): a cost centre the user may see (or the whole organisation, for a
 * central reader) for a year, quarter or month, each line against the same period last year.
 */
export function ProfitAndLossPage({ me }: { me: Me }) {
  useDocumentTitle('Profit and loss');
  const access = financeAccessOf(me);
  const periodState = usePeriod();
  const { period } = periodState;
  const [chosen, setChosen] = useState<string | null>(null);
  const centres = useApi(`finance centres ${period.from} ${period.to}`, () =>
    fetchProfitByCostCentre(period),
  );
  const centreList = centres.state.status === 'done' ? centres.state.data : (centres.last ?? []);
  // A practice-scoped reader has no whole-organisation view: their first cost centre it is.
  const costCentreId = chosen ?? (access.orgWide ? WHOLE : (centreList[0]?.costCentre.id ?? null));
  const pl = useApi(`finance pl ${period.from} ${period.to} ${costCentreId ?? 'none'}`, () =>
    costCentreId === null
      ? Promise.resolve(null)
      : fetchProfitAndLoss(period, costCentreId === WHOLE ? undefined : costCentreId),
  );

  if (pl.state.status === 'error' && pl.state.httpStatus === 403) {
    return <PermissionDeniedPage what="profit and loss" />;
  }
  if (centres.state.status === 'error' && centres.state.httpStatus === 403) {
    return <PermissionDeniedPage what="profit and loss" />;
  }
  if (pl.state.status === 'error') return <ServiceUnavailablePage detail={pl.state.detail} />;
  const data = pl.state.status === 'done' ? pl.state.data : pl.last;
  if (data === undefined && centres.state.status === 'loading') return <LoadingPage />;

  const options = [
    ...(access.orgWide ? [{ value: WHOLE, label: 'The whole organisation' }] : []),
    ...centreList.map((row) => ({
      value: row.costCentre.id,
      label: `${row.costCentre.name} (${row.costCentre.code})`,
    })),
  ];
  const heading = data?.costCentre ? data.costCentre.name : 'The whole organisation';

  return (
    <>
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Profit and loss</PageHeading>
      <form
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <Select
          id="pl-cost-centre"
          label="Cost centre"
          options={options}
          value={costCentreId ?? ''}
          onChange={(event) => {
            setChosen(event.target.value);
          }}
        />
        <PeriodPicker id="pl" state={periodState} />
      </form>
      {costCentreId === null && centres.state.status === 'done' ? (
        <p>There are no cost centres for you to see.</p>
      ) : null}
      {data ? (
        <>
          <h2>
            {heading}: {period.label}
          </h2>
          <p>
            {formatDate(data.from)} to {formatDate(data.to)}, against{' '}
            {formatDate(data.lastYear.from)} to {formatDate(data.lastYear.to)}.
          </p>
          <ProfitAndLossChart pl={data} />
          <ProfitAndLossTables pl={data} />
        </>
      ) : costCentreId === null ? null : (
        <p>Loading the profit and loss…</p>
      )}
    </>
  );
}
