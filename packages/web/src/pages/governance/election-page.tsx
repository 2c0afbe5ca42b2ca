import { useState } from 'react';
import {
  advanceElection,
  castBallot,
  checkReceipt,
  fetchElection,
  fetchVoters,
  nominate,
  withdrawCandidate,
  type ElectionCandidate,
  type ElectionDetail,
  type ElectionStep,
} from '../../api/elections';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { InsetText } from '../../components/inset-text';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { useDocumentTitle } from '../../components/use-document-title';
import { fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { ElectionResultsSection } from './election-results';
import { ELECTION_STATUS, turnout } from './election-labels';
import { rankedPreferences } from './ranking';

const NEXT_STEP: Partial<Record<ElectionDetail['status'], { step: ElectionStep; label: string }>> =
  {
    nominations: { step: 'open-voting', label: 'Close nominations and open voting' },
    voting: { step: 'close-voting', label: 'Close voting' },
    closed: { step: 'count', label: 'Count the votes' },
    counted: { step: 'publish', label: 'Publish the results' },
  };

/** One election: candidates and statements, nominating, voting, receipts, running it, results. */
export function ElectionPage({ electionId }: { electionId: string }) {
  const election = useApi(`election-${electionId}`, () => fetchElection(electionId));
  const [banner, setBanner] = useState<string | null>(null);
  useDocumentTitle(election.state.status === 'done' ? election.state.data.title : 'Board election');
  if (election.state.status === 'loading') return <LoadingPage />;
  if (election.state.status === 'error') {
    if (election.state.httpStatus === 404) return <NotFoundPage />;
    if (election.state.httpStatus === 403) return <PermissionDeniedPage what="this election" />;
    return <ServiceUnavailablePage detail={election.state.detail} />;
  }
  const e = election.state.data;
  const changed = (text: string) => {
    setBanner(text);
    void election.reload();
  };
  const status = ELECTION_STATUS[e.status];
  const showResults = e.status === 'published' || (e.status === 'counted' && e.me.canManage);
  return (
    <>
      <BackLink to="/governance/elections">Board elections</BackLink>
      <PageHeading caption="Board election">{e.title}</PageHeading>
      {banner && <SuccessBanner>{banner}</SuccessBanner>}
      <SummaryList
        rows={[
          { key: 'Stage', value: <strong className={status.tag}>{status.label}</strong> },
          { key: 'Seats', value: String(e.seats) },
          { key: 'Candidates standing', value: String(e.candidates) },
          { key: 'Turnout', value: turnout(e.ballots, e.eligible) },
        ]}
      />
      {e.me.canManage && <ManagerPanel election={e} onChanged={changed} />}
      <Candidates election={e} onChanged={changed} />
      {e.status === 'nominations' && e.me.eligible && e.me.candidateId === null && (
        <NominationForm electionId={e.id} onNominated={changed} />
      )}
      {e.status === 'voting' && e.me.eligible && !e.me.hasVoted && (
        <BallotForm election={e} onCast={() => void election.reload()} />
      )}
      {e.me.hasVoted && (
        <InsetText>
          <p>You have voted. Nobody, administrators included, can see how.</p>
        </InsetText>
      )}
      {e.status !== 'nominations' && <ReceiptCheck electionId={e.id} />}
      {showResults && <ElectionResultsSection electionId={e.id} />}
    </>
  );
}

function Candidates({
  election,
  onChanged,
}: {
  election: ElectionDetail;
  onChanged: (text: string) => void;
}) {
  const [problem, setProblem] = useState<ErrorSummaryItem[]>([]);
  const withdraw = async (candidate: ElectionCandidate) => {
    try {
      await withdrawCandidate(election.id, candidate.id);
      onChanged(`${candidate.name} has withdrawn`);
    } catch (error) {
      setProblem(
        refusalItems(error, { hrefFor: () => '#candidates', fallbackHref: '#candidates' }),
      );
    }
  };
  return (
    <section aria-labelledby="candidates">
      <h2 className="nhsuk-heading-m" id="candidates" tabIndex={-1}>
        Candidates
      </h2>
      <ErrorSummary items={problem} />
      {election.candidateList.length === 0 && <p>Nobody has been nominated yet.</p>}
      {election.candidateList.map((c) => (
        <div className="nhsuk-card" key={c.id}>
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading">
              {c.name}{' '}
              {c.withdrawn && <strong className="nhsuk-tag nhsuk-tag--grey">Withdrawn</strong>}
            </h3>
            <p className="nhsuk-body-s">
              {c.nominatedBySelf ? 'Nominated themself' : 'Nominated by another partner'}
            </p>
            {c.statement.split(/\n+/).map((line, i) => (
              <p key={i}>{line}</p>
            ))}
            {election.status === 'nominations' &&
              !c.withdrawn &&
              (c.id === election.me.candidateId || election.me.canManage) && (
                <Button type="button" variant="secondary" onClick={() => void withdraw(c)}>
                  {c.id === election.me.candidateId
                    ? 'Withdraw my candidacy'
                    : `Withdraw ${c.name}`}
                </Button>
              )}
          </div>
        </div>
      ))}
    </section>
  );
}

const statementId = 'nomination-statement';

function NominationForm({
  electionId,
  onNominated,
}: {
  electionId: string;
  onNominated: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, { hrefFor: () => `#${statementId}`, fallbackHref: `#${statementId}` }),
  });
  const handleSubmit = onSubmit((form) => {
    const statement = fieldValue(form, statementId);
    if (statement === '') {
      setErrors([{ text: 'Write your candidate statement', href: `#${statementId}` }]);
      return;
    }
    void send(async () => {
      await nominate(electionId, { statement });
      onNominated('You are nominated: your statement is shown to every partner');
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Stand for election">
      <h2 className="nhsuk-heading-m">Stand for election</h2>
      <ErrorSummary items={errors} />
      <Textarea
        id={statementId}
        label="Your candidate statement"
        hint="What you would bring to the board. Every partner sees it."
        rows={6}
        maxLength={4000}
        error={fieldError(statementId)}
      />
      <Button aria-disabled={busy}>Nominate myself</Button>
    </form>
  );
}

const preferenceId = (candidateId: string) => `preference-${candidateId}`;

function BallotForm({ election, onCast }: { election: ElectionDetail; onCast: () => void }) {
  const standing = election.candidateList.filter((c) => !c.withdrawn);
  const [receipt, setReceipt] = useState<string | null>(null);
  const first = standing[0];
  const { errors, setErrors, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: () => `#${first ? preferenceId(first.id) : 'ballot'}`,
        fallbackHref: `#${first ? preferenceId(first.id) : 'ballot'}`,
      }),
  });
  if (receipt !== null) {
    return (
      <div className="nhsuk-card nhsuk-card--feature" id="ballot">
        <div className="nhsuk-card__content nhsuk-card__content--feature">
          <h2 className="nhsuk-card--feature__heading nhsuk-heading-m">Your vote is cast</h2>
          <p>Your receipt code is</p>
          <p className="nhsuk-heading-l" data-testid="receipt-code">
            {receipt}
          </p>
          <p>
            Write it down now: it is shown only this once and is not stored anywhere that links it
            to you. With it you can check below that your ballot is in the count.
          </p>
          <Button type="button" variant="secondary" onClick={onCast}>
            I have kept my receipt code
          </Button>
        </div>
      </div>
    );
  }
  const handleSubmit = onSubmit((form) => {
    const ranked = rankedPreferences(
      standing.map((c) => ({ id: c.id, value: fieldValue(form, preferenceId(c.id)) })),
    );
    if (!ranked.ok) {
      setErrors([{ text: ranked.message, href: `#${preferenceId(ranked.candidateId)}` }]);
      return;
    }
    void send(async () => {
      setReceipt(await castBallot(election.id, ranked.preferences));
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Your ballot" id="ballot">
      <h2 className="nhsuk-heading-m">Your ballot</h2>
      <p>
        Number the candidates in order of preference: 1 for your first choice, 2 for your second,
        and so on. Rank as many or as few as you like; leave the rest empty.
      </p>
      <ErrorSummary items={errors} />
      {standing.map((c) => (
        <TextInput
          key={c.id}
          id={preferenceId(c.id)}
          label={`Preference for ${c.name}`}
          inputMode="numeric"
          className="nhsuk-input--width-2"
        />
      ))}
      <Button aria-disabled={busy}>Cast my vote</Button>
    </form>
  );
}

const receiptId = 'receipt-code';

function ReceiptCheck({ electionId }: { electionId: string }) {
  const [answer, setAnswer] = useState<string | null>(null);
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, { hrefFor: () => `#${receiptId}`, fallbackHref: `#${receiptId}` }),
  });
  const handleSubmit = onSubmit((form) => {
    const receipt = fieldValue(form, receiptId);
    if (receipt.replace(/[\s-]/g, '').length < 4) {
      setErrors([{ text: 'Enter your receipt code', href: `#${receiptId}` }]);
      return;
    }
    void send(async () => {
      const result = await checkReceipt(electionId, receipt);
      setAnswer(
        result.counted
          ? 'A ballot with this receipt code was counted.'
          : result.found
            ? 'A ballot with this receipt code is in the ballot box; it has not been counted yet.'
            : 'No ballot has this receipt code. Check it was typed as shown.',
      );
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Check your receipt">
      <h2 className="nhsuk-heading-m">Check your ballot was counted</h2>
      <ErrorSummary items={errors} />
      <TextInput
        id={receiptId}
        label="Receipt code"
        hint="For example ABCD-EFGH-JKMN-PQRS"
        autoComplete="off"
        className="nhsuk-input--width-20"
        error={fieldError(receiptId)}
      />
      <Button aria-disabled={busy} variant="secondary">
        Check
      </Button>
      {answer && (
        <p role="status" data-testid="receipt-answer">
          {answer}
        </p>
      )}
    </form>
  );
}

function ManagerPanel({
  election,
  onChanged,
}: {
  election: ElectionDetail;
  onChanged: (text: string) => void;
}) {
  const next = NEXT_STEP[election.status];
  const [problem, setProblem] = useState<ErrorSummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const voters = useApi(`election-voters-${election.id}-${election.status}`, () =>
    election.status === 'nominations' ? Promise.resolve([]) : fetchVoters(election.id),
  );
  const advance = async () => {
    if (!next || busy) return;
    setBusy(true);
    setProblem([]);
    try {
      await advanceElection(election.id, next.step);
      onChanged(`${next.label}: done`);
    } catch (error) {
      setProblem(
        refusalItems(error, { hrefFor: () => '#run-election', fallbackHref: '#run-election' }),
      );
    } finally {
      setBusy(false);
    }
  };
  const register = voters.state.status === 'done' ? voters.state.data : [];
  return (
    <section aria-labelledby="run-election">
      <h2 className="nhsuk-heading-m" id="run-election" tabIndex={-1}>
        Run the election
      </h2>
      <ErrorSummary items={problem} />
      {next && (
        <Button type="button" aria-disabled={busy} onClick={() => void advance()}>
          {next.label}
        </Button>
      )}
      {register.length > 0 && (
        <Table
          caption="Who has voted (never how)"
          head={['Partner', 'Voted']}
          rows={register.map((v) => ({
            key: v.userId,
            cells: [v.name, v.hasVoted ? 'Voted' : 'Not yet'],
          }))}
        />
      )}
    </section>
  );
}
