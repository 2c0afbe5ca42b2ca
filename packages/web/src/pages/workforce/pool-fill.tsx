import { useState } from 'react';
import { PERIOD_LABELS, STAFF_ROLE_LABELS } from '@atscale/domain';
import {
  applyPoolProposal,
  fetchPoolMembers,
  fetchPoolProposal,
  offerSession,
  type PoolMember,
  type PoolProposal,
} from '../../api/pools';
import { fetchGaps, type RotaGap, type RotaSession } from '../../api/rota';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { formatDate, formatPence } from '../../format/format';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedItems } from '../organisation/site-form-values';
import { addDays, mondayOf } from './rota-week-page';

const ids = { week: 'pool-week', apply: 'pool-apply' } as const;

/** A proposal with what the page needs to show it: the week's gaps and the pool's people. */
interface ShownProposal {
  proposal: PoolProposal;
  gaps: RotaGap[];
  members: PoolMember[];
}

const loadProposal = async (weekStart: string): Promise<ShownProposal> => {
  const [proposal, gaps, members] = await Promise.all([
    fetchPoolProposal(weekStart),
    fetchGaps(weekStart, addDays(weekStart, 6)),
    fetchPoolMembers(),
  ]);
  return { proposal, gaps, members };
};

/** The Mondays of the weeks from `from` to `to`. */
const weeksBetween = (from: string, to: string): string[] => {
  const weeks: string[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
};

const sessions = (count: number) => `${String(count)} ${count === 1 ? 'session' : 'sessions'}`;

const when = (session: RotaSession) =>
  `${formatDate(session.date)}, ${PERIOD_LABELS[session.period]} ${session.startTime} to ${session.endTime}`;

/**
 * "Fill from pool" on the gap list: asks the optimiser for a week's proposal, shows it (who goes
 * where, what it costs against external locums, what it leaves unfilled) before anything is
 * written, then applies it or sends each pairing as an offer instead.
 */
export function FillFromPool({
  from,
  to,
  practiceName,
  errors,
  onErrors,
  onDone,
}: {
  /** The first and last day the gap list shows: the weeks to choose from. */
  from: string;
  to: string;
  practiceName: (practiceId: string | null) => string;
  /** The page's hold on the errors, so its title can say there is a problem. */
  errors: readonly ErrorSummaryItem[];
  onErrors: (errors: ErrorSummaryItem[]) => void;
  /** Called with what was done once the proposal is applied or offered. */
  onDone: (text: string) => void;
}) {
  const weeks = weeksBetween(from, to);
  const [week, setWeek] = useState(weeks[0] ?? mondayOf(from));
  const [shown, setShown] = useState<ShownProposal | undefined>(undefined);
  const { busy, send, fieldError } = useFormSubmission({
    refused: refusedItems(() => (shown ? ids.apply : ids.week), shown ? ids.apply : ids.week),
    shared: { errors, onErrors },
  });

  const propose = () => {
    void send(async () => {
      setShown(await loadProposal(week));
    });
  };

  if (shown === undefined) {
    return (
      <>
        <ErrorSummary items={errors} />
        <Select
          id={ids.week}
          label="Week to fill from the pools"
          hint="The optimiser proposes pool members for the week’s gaps. Nothing changes until you apply it."
          value={week}
          onChange={(event) => {
            setWeek(event.target.value);
          }}
          options={weeks.map((monday) => ({
            value: monday,
            label: `Week of ${formatDate(monday)}`,
          }))}
          error={fieldError(ids.week)}
        />
        <Button type="button" variant="secondary" aria-disabled={busy} onClick={propose}>
          Fill from pool
        </Button>
      </>
    );
  }

  const { proposal, gaps, members } = shown;
  const fill = proposal.proposed;
  const sessionById = new Map(gaps.map((gap) => [gap.session.id, gap.session]));
  const nameOf = (staffId: string) =>
    members.find((m) => m.staffId === staffId)?.fullName ?? 'A pool member';
  const placed = new Map<string, number>();
  for (const a of fill.assignments) placed.set(a.sessionId, (placed.get(a.sessionId) ?? 0) + 1);
  const unfilled = gaps.filter((gap) => (placed.get(gap.session.id) ?? 0) < gap.missing);
  const siteOf = (session: RotaSession | undefined) =>
    session ? `${practiceName(session.practiceId)}: ${session.siteName}` : 'Another site';

  const apply = () => {
    void send(async () => {
      const done = await applyPoolProposal(proposal.weekStart, fill.assignments);
      setShown(undefined);
      onDone(
        `Filled ${sessions(done.assignments.length)} from the pools, saving ${formatPence(done.savingPence)} against external locums`,
      );
    });
  };
  const offer = () => {
    void send(async () => {
      for (const a of fill.assignments) await offerSession(a.sessionId, a.staffId);
      setShown(undefined);
      onDone(
        `Offered ${sessions(fill.assignments.length)} to pool members: each stays a gap until they accept`,
      );
    });
  };

  return (
    <>
      <ErrorSummary items={errors} />
      <h2 className="nhsuk-heading-m">Proposal for the week of {formatDate(proposal.weekStart)}</h2>
      <p>
        {fill.assignments.length === 0
          ? `The pools cannot fill any of the ${sessions(proposal.gaps)} short of people this week.`
          : `Pool members for ${String(fill.filled)} ${fill.filled === 1 ? 'place' : 'places'} in ${sessions(proposal.gaps)} short of people this week. Nothing has changed yet.`}
      </p>
      {fill.assignments.length === 0 ? null : (
        <>
          <div className="app-scroll-x" tabIndex={0} role="region" aria-label="Proposal">
            <Table
              caption="Proposed assignments"
              head={[
                'Session',
                'Practice and site',
                'Date and period',
                'Proposed person',
                'Cost against external locum',
                'Saving',
              ]}
              rows={fill.assignments.map((a) => {
                const session = sessionById.get(a.sessionId);
                return {
                  key: `${a.sessionId} ${a.staffId}`,
                  cells: [
                    session ? STAFF_ROLE_LABELS[session.requiredRole] : 'Gap session',
                    siteOf(session),
                    session ? when(session) : 'This week',
                    `${nameOf(a.staffId)}${a.travelMinutes > 0 ? ` (${String(a.travelMinutes)} minutes’ travel)` : ''}`,
                    `${formatPence(a.pencePerSession)} against ${formatPence(proposal.externalLocumPencePerSession)}`,
                    formatPence(a.savingPence),
                  ],
                };
              })}
            />
          </div>
          <h3 className="nhsuk-heading-s">Totals</h3>
          <SummaryList
            rows={[
              { key: 'Places filled', value: String(fill.filled) },
              { key: 'Cost from the pools', value: formatPence(fill.totalCostPence) },
              { key: 'External locums would cost', value: formatPence(fill.externalCostPence) },
              { key: 'Saving', value: formatPence(fill.savingPence) },
              {
                key: 'Greedy first-fit, for comparison',
                value: `${String(proposal.firstFit.filled)} filled, saving ${formatPence(proposal.firstFit.savingPence)}`,
              },
            ]}
          />
        </>
      )}
      {unfilled.length === 0 ? null : (
        <>
          <h3 className="nhsuk-heading-s">Gaps left unfilled</h3>
          <p>
            The optimiser does not give a reason for each. Usually nobody in the pools is free then
            with the role and skills, or within their weekly maximum.
          </p>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {unfilled.map((gap) => (
              <li key={gap.session.id}>
                {STAFF_ROLE_LABELS[gap.session.requiredRole]}, {siteOf(gap.session)},{' '}
                {when(gap.session)}: {gap.missing - (placed.get(gap.session.id) ?? 0)} still needed
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="nhsuk-button-group">
        {fill.assignments.length === 0 ? null : (
          <>
            <Button type="button" id={ids.apply} aria-disabled={busy} onClick={apply}>
              Apply these assignments
            </Button>
            <Button type="button" variant="secondary" aria-disabled={busy} onClick={offer}>
              Send as offers instead
            </Button>
          </>
        )}
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            onErrors([]);
            setShown(undefined);
          }}
        >
          Cancel
        </Button>
      </div>
    </>
  );
}
