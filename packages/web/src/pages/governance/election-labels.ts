import type { ElectionStatus } from '../../api/elections';

/** What each stage of an election is called on screen, with its tag colour. */
export const ELECTION_STATUS: Readonly<Record<ElectionStatus, { label: string; tag: string }>> = {
  nominations: { label: 'Nominations open', tag: 'nhsuk-tag nhsuk-tag--blue' },
  voting: { label: 'Voting open', tag: 'nhsuk-tag nhsuk-tag--green' },
  closed: { label: 'Voting closed', tag: 'nhsuk-tag nhsuk-tag--grey' },
  counted: { label: 'Counted, not yet published', tag: 'nhsuk-tag nhsuk-tag--yellow' },
  published: { label: 'Results published', tag: 'nhsuk-tag nhsuk-tag--purple' },
};

/** Turnout as "12 of 20 (60%)". */
export function turnout(ballots: number, eligible: number | null): string {
  if (eligible === null) return 'Not open yet';
  if (eligible === 0) return `${String(ballots)} of 0`;
  return `${String(ballots)} of ${String(eligible)} (${String(Math.round((100 * ballots) / eligible))}%)`;
}
