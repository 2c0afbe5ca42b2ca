import { useState } from 'react';
import { PERIOD_LABELS, STAFF_ROLE_LABELS } from '@atscale/domain';
import { ABSENCE_KIND_LABELS, fetchPersonRota } from '../../api/rota';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { PageHeading } from '../../components/page-heading';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { addDays, GapTag, mondayOf } from './rota-week-page';

/** One person's sessions and absences, four weeks at a time. */
export function RotaPersonPage({ staffId }: { staffId: string }) {
  const [from, setFrom] = useState(() => mondayOf(new Date().toISOString().slice(0, 10)));
  const to = addDays(from, 27);
  const rota = useApi(`${staffId} ${from}`, () => fetchPersonRota(staffId, from, to));
  const view = rota.state.status === 'done' ? rota.state.data : rota.last;
  useDocumentTitle(view ? `${view.fullName}: rota` : 'Rota');
  if (rota.state.status === 'error' && !view) {
    if (rota.state.httpStatus === 404) return <NotFoundPage />;
    return <ServiceUnavailablePage detail={rota.state.detail} />;
  }
  if (!view) return <LoadingPage />;
  return (
    <>
      <BackLink to="/workforce/rota">Rota</BackLink>
      <PageHeading caption={STAFF_ROLE_LABELS[view.staffRole]}>{view.fullName}</PageHeading>
      <div className="nhsuk-button-group">
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            setFrom(addDays(from, -28));
          }}
        >
          Previous four weeks
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            setFrom(addDays(from, 28));
          }}
        >
          Next four weeks
        </Button>
      </div>
      {view.sessions.length === 0 ? (
        <p>
          No sessions from {formatDate(view.from)} to {formatDate(view.to)}.
        </p>
      ) : (
        <Table
          caption={`Sessions from ${formatDate(view.from)} to ${formatDate(view.to)}`}
          head={['Day', 'Time', 'Site', 'Status']}
          rows={view.sessions.map((s) => {
            const me = s.assignments.find((a) => a.staffId === staffId);
            return {
              key: s.id,
              cells: [
                formatDate(s.date),
                `${PERIOD_LABELS[s.period]}, ${s.startTime} to ${s.endTime}`,
                s.siteName,
                me?.absence ? (
                  <strong className="nhsuk-tag nhsuk-tag--orange">
                    {ABSENCE_KIND_LABELS[me.absence]}
                  </strong>
                ) : (
                  <GapTag missing={s.missing} />
                ),
              ],
            };
          })}
        />
      )}
      <h2 className="nhsuk-heading-m">Away</h2>
      {view.absences.length === 0 ? (
        <p>No leave or sickness recorded in these weeks.</p>
      ) : (
        <ul className="nhsuk-list">
          {view.absences.map((a) => (
            <li key={a.id}>
              {ABSENCE_KIND_LABELS[a.kind]}: {formatDate(a.startsOn)} to {formatDate(a.endsOn)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
