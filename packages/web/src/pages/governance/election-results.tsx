import { formatStvVotes, VOTE_SCALE } from '@atscale/domain';
import { fetchResults, type CountStage, type ElectionResults } from '../../api/elections';
import { useApi } from '../../api/use-api';
import { LazySeriesLineChart } from '../../components/lazy-charts';
import { SummaryList } from '../../components/summary-list';
import { WideTable } from '../../components/wide-table';
import { ProblemAlert } from '../../components/problem-alert';
import { turnout } from './election-labels';

/** What a stage did, in words: "Surplus of Dr A transferred (0.25000 a paper)". */
export function stageAction(stage: CountStage, nameOf: (id: string) => string): string {
  if (stage.action === 'first-preferences') return 'First preferences';
  const who = nameOf(stage.candidateId ?? '');
  const tie = stage.tieBreak
    ? stage.tieBreak.decidedAtStage !== null
      ? ` (tie settled by stage ${String(stage.tieBreak.decidedAtStage)}, rule ${stage.tieBreak.rule})`
      : ` (tie settled by lot, rule ${stage.tieBreak.rule})`
    : '';
  if (stage.action === 'surplus') {
    const values = stage.transferValues.map(formatStvVotes).join(', ');
    return `Surplus of ${who} (${formatStvVotes(stage.surplus)}) transferred${values ? ` at ${values} a paper` : ''}${tie}`;
  }
  return `${who} excluded${tie}`;
}

/** The results: who was elected, the quota, turnout, the stage-by-stage count and a chart. */
export function ElectionResultsSection({ electionId }: { electionId: string }) {
  const results = useApi(`election-results-${electionId}`, () => fetchResults(electionId));
  if (results.state.status === 'loading') return <p>Loading the results…</p>;
  if (results.state.status === 'error') return <ProblemAlert problem={results.state.detail} />;
  return <ResultsView results={results.state.data} />;
}

function ResultsView({ results }: { results: ElectionResults }) {
  const sheet = results.countSheet;
  const names = new Map(results.candidates.map((c) => [c.id, c.name]));
  const nameOf = (id: string) => names.get(id) ?? 'A candidate';
  const standing = sheet.candidates.filter((c) => !sheet.withdrawn.includes(c));
  const stageHeads = sheet.stages.map((s) => `Stage ${String(s.stage)}`);
  const cell = (stage: CountStage, id: string) => {
    const change = stage.action === 'first-preferences' ? 0 : (stage.transfers[id] ?? 0);
    const votes = formatStvVotes(stage.votes[id] ?? 0);
    const elected = stage.elected.includes(id) ? ' Elected' : '';
    return change === 0
      ? `${votes}${elected}`
      : `${change > 0 ? '+' : ''}${formatStvVotes(change)} → ${votes}${elected}`;
  };
  return (
    <section aria-labelledby="results">
      <h2 className="nhsuk-heading-l" id="results">
        Results
      </h2>
      {results.status === 'counted' && (
        <p className="nhsuk-body-s">Counted but not yet published: only you can see this.</p>
      )}
      <SummaryList
        rows={[
          {
            key: 'Elected, in order',
            value: (
              <ol className="nhsuk-list nhsuk-list--number" data-testid="elected">
                {sheet.elected.map((id) => (
                  <li key={id}>
                    {nameOf(id)}
                    {sheet.electedWithoutQuota.includes(id) ? ' (last seats, rule 52)' : ''}
                  </li>
                ))}
              </ol>
            ),
          },
          {
            key: 'Quota',
            value: `${String(sheet.quota)} votes: ${String(sheet.validBallots)} valid ballots ÷ (${String(sheet.seats)} seats + 1), plus 1`,
          },
          { key: 'Turnout', value: turnout(results.ballots, results.eligible) },
          ...(sheet.unfilledSeats > 0
            ? [{ key: 'Seats left empty', value: String(sheet.unfilledSeats) }]
            : []),
          { key: 'Rules', value: sheet.rules },
        ]}
      />
      <WideTable
        caption="The count, stage by stage"
        head={['', ...stageHeads]}
        rows={[
          {
            key: 'action',
            cells: ['What happened', ...sheet.stages.map((s) => stageAction(s, nameOf))],
          },
          ...standing.map((id) => ({
            key: id,
            cells: [nameOf(id), ...sheet.stages.map((s) => cell(s, id))],
          })),
          {
            key: 'non-transferable',
            cells: [
              'Non-transferable',
              ...sheet.stages.map((s) => formatStvVotes(s.nonTransferableTotal)),
            ],
          },
          {
            key: 'remainder',
            cells: [
              'Fractions ignored (rule 48(3))',
              ...sheet.stages.map((s) => formatStvVotes(s.remainderIgnoredTotal)),
            ],
          },
        ]}
      />
      <LazySeriesLineChart
        caption="Votes for each candidate at the end of each stage (the table above gives the same figures)"
        data={sheet.stages.map((s) => ({
          label: `Stage ${String(s.stage)}`,
          ...Object.fromEntries(standing.map((id) => [id, (s.votes[id] ?? 0) / VOTE_SCALE])),
        }))}
        series={standing.map((id) => ({ dataKey: id, name: nameOf(id) }))}
      />
    </section>
  );
}
