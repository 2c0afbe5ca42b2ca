import { useState } from 'react';
import { PERMISSIONS } from '@atscale/domain';
import type { Me } from '../../api/me';
import { createElection, fetchElections, type ElectionSummary } from '../../api/elections';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { Table } from '../../components/table';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { ELECTION_STATUS, turnout } from './election-labels';

const ids = { title: 'election-title', seats: 'election-seats' } as const;

/** Board elections (GOV-4): every election of the organisation, and a new one for managers. */
export function ElectionsPage({ me }: { me: Me }) {
  const managers: readonly string[] = PERMISSIONS['elections:manage'];
  const canManage = me.roles.some((r) => managers.includes(r.role));
  useDocumentTitle('Board elections');
  const elections = useApi('elections', fetchElections);
  const [created, setCreated] = useState<string | null>(null);
  if (elections.state.status === 'loading') return <LoadingPage />;
  if (elections.state.status === 'error') {
    if (elections.state.httpStatus === 403) return <PermissionDeniedPage what="elections" />;
    return <ServiceUnavailablePage detail={elections.state.detail} />;
  }
  return (
    <>
      <BackLink to="/governance">Governance</BackLink>
      <PageHeading caption="Governance">Board elections</PageHeading>
      {created && <SuccessBanner>{created}</SuccessBanner>}
      <p className="nhsuk-body-l">
        The board is elected by the partners of member practices in a secret ballot, counted by
        single transferable vote under the Scottish STV rules.
      </p>
      <ElectionList elections={elections.state.data} />
      {canManage && (
        <NewElectionForm
          onCreated={(election) => {
            setCreated(`Created “${election.title}”: nominations are open`);
            void elections.reload();
          }}
        />
      )}
    </>
  );
}

function ElectionList({ elections }: { elections: readonly ElectionSummary[] }) {
  if (elections.length === 0) return <p>No elections yet.</p>;
  return (
    <Table
      caption="Elections, newest first"
      head={['Election', 'Seats', 'Stage', 'Candidates', 'Turnout', 'Created']}
      rows={elections.map((e) => ({
        key: e.id,
        cells: [
          <Link key="title" to={`/governance/elections/${e.id}`}>
            {e.title}
          </Link>,
          String(e.seats),
          <strong key="status" className={ELECTION_STATUS[e.status].tag}>
            {ELECTION_STATUS[e.status].label}
          </strong>,
          String(e.candidates),
          turnout(e.ballots, e.eligible),
          formatDate(e.createdAt.slice(0, 10)),
        ],
      }))}
    />
  );
}

function NewElectionForm({ onCreated }: { onCreated: (election: ElectionSummary) => void }) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) => (field.endsWith('seats') ? `#${ids.seats}` : `#${ids.title}`),
        fallbackHref: `#${ids.title}`,
      }),
  });
  const handleSubmit = onSubmit((form, element) => {
    const title = fieldValue(form, ids.title).trim();
    const seatsText = fieldValue(form, ids.seats).trim();
    const seats = seatsText === '' ? 7 : Number(seatsText);
    const problems = [];
    if (title === '') problems.push({ text: 'Enter a title', href: `#${ids.title}` });
    if (!Number.isInteger(seats) || seats < 1 || seats > 50) {
      problems.push({
        text: 'Enter the seats as a whole number from 1 to 50',
        href: `#${ids.seats}`,
      });
    }
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      const election = await createElection({ title, seats });
      element.reset();
      onCreated(election);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="New election">
      <h2 className="nhsuk-heading-m">New election</h2>
      <ErrorSummary items={errors} />
      <TextInput id={ids.title} label="Title" error={fieldError(ids.title)} />
      <TextInput
        id={ids.seats}
        label="Seats"
        hint="7 if left empty"
        inputMode="numeric"
        className="nhsuk-input--width-2"
        error={fieldError(ids.seats)}
      />
      <Button aria-disabled={busy}>Open nominations</Button>
    </form>
  );
}
