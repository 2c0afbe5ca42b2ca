import { useState } from 'react';
import { PERIOD_LABELS, STAFF_ROLE_LABELS, STAFF_ROLES } from '@atscale/domain';
import { fetchGaps } from '../../api/rota';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import type { ErrorSummaryItem } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { useSession } from '../../session/session-context';
import { mayUse } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { useSavedNotice } from '../organisation/use-saved-notice';
import { FillFromPool } from './pool-fill';
import { addDays } from './rota-week-page';

/** Every gap in the rotas the user may see over the next eight weeks, most urgent first. */
export function GapsPage() {
  const [poolErrors, setPoolErrors] = useState<ErrorSummaryItem[]>([]);
  useDocumentTitle(`${poolErrors.length > 0 ? 'Error: ' : ''}Rota gaps`);
  const { state } = useSession();
  const practices = state.status === 'signed-in' ? state.me.practices : [];
  const canFill = state.status === 'signed-in' && mayUse(state.me, 'pool:manage', null);
  const [practiceId, setPracticeId] = useState('');
  const [role, setRole] = useState('');
  const from = new Date().toISOString().slice(0, 10);
  const to = addDays(from, 55);
  const gaps = useApi(`${from} ${practiceId} ${role}`, () =>
    fetchGaps(from, to, {
      ...(practiceId ? { practiceId } : {}),
      ...(role ? { role } : {}),
    }),
  );
  const { notice, saved } = useSavedNotice(gaps.reload);
  const list = gaps.state.status === 'done' ? gaps.state.data : gaps.last;
  if (gaps.state.status === 'error' && !list) {
    return <ServiceUnavailablePage detail={gaps.state.detail} />;
  }
  const practiceName = (id: string | null) =>
    practices.find((p) => p.id === id)?.name ?? 'The organisation';
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/workforce">Workforce</BackLink>
      <PageHeading caption="Workforce">Rota gaps</PageHeading>
      <p className="nhsuk-lede-text">
        Sessions short of people from {formatDate(from)} to {formatDate(to)}, most urgent first.
        Leave and sickness recorded on the rota open a gap.
      </p>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <Select
            id="gaps-practice"
            label="Practice"
            value={practiceId}
            onChange={(event) => {
              setPracticeId(event.target.value);
            }}
            prompt="All practices"
            options={practices.map((p) => ({ value: p.id, label: p.name }))}
          />
        </div>
        <div className="nhsuk-grid-column-one-half">
          <Select
            id="gaps-role"
            label="Role"
            value={role}
            onChange={(event) => {
              setRole(event.target.value);
            }}
            prompt="All roles"
            options={STAFF_ROLES.map((r) => ({ value: r, label: STAFF_ROLE_LABELS[r] }))}
          />
        </div>
      </div>
      {canFill ? (
        <FillFromPool
          key={`form ${String(notice?.version ?? 0)}`}
          from={from}
          to={to}
          practiceName={practiceName}
          errors={poolErrors}
          onErrors={setPoolErrors}
          onDone={saved}
        />
      ) : null}
      {!list ? (
        <LoadingPage />
      ) : list.length === 0 ? (
        <p>No gaps.</p>
      ) : (
        <Table
          caption={`${String(list.length)} ${list.length === 1 ? 'gap' : 'gaps'}`}
          head={['Urgency', 'Day', 'Time', 'Practice and site', 'Role', 'Needed', 'Away']}
          rows={list.map((gap) => {
            const s = gap.session;
            const away = s.assignments.filter((a) => a.absence !== null);
            return {
              key: s.id,
              cells: [
                <strong className="nhsuk-tag nhsuk-tag--red" key="u">
                  {s.urgency} of 5
                </strong>,
                formatDate(s.date),
                `${PERIOD_LABELS[s.period]}, ${s.startTime} to ${s.endTime}`,
                `${practiceName(s.practiceId)}: ${s.siteName}`,
                STAFF_ROLE_LABELS[s.requiredRole],
                String(gap.missing),
                away.map((a) => a.fullName).join(', ') || 'Nobody',
              ],
            };
          })}
        />
      )}
    </>
  );
}
