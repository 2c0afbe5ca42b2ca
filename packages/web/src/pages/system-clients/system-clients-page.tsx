import { useState } from 'react';
import { fetchHubs, type Hub } from '../../api/hubs';
import { fetchOrganisation, type OrganisationPractice } from '../../api/organisation';
import { ApiError } from '../../api/problem';
import {
  fetchSystemClients,
  registerSystemClient,
  revokeSystemClient,
  type SystemClient,
  type SystemClientListing,
} from '../../api/system-clients';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/checkboxes';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { TextInput } from '../../components/text-input';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { problemItems } from '../../forms/error-items';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { actsForChoices, actsForField, scopeChoices, scopeLabel } from './system-client-values';

/** Everything the page shows. */
interface ClientsData {
  listing: SystemClientListing;
  practices: OrganisationPractice[];
  hubs: Hub[];
}

const load = async (): Promise<ClientsData> => {
  const [listing, organisation, hubs] = await Promise.all([
    fetchSystemClients(),
    fetchOrganisation(),
    // An organisation without hubs, or an administrator who may not see them, registers
    // clients for practices only.
    fetchHubs().catch(() => [] as Hub[]),
  ]);
  return { listing, practices: organisation.practices, hubs };
};

// The form control each server pointer names.
const FIELD_HREFS: Record<string, string> = {
  name: '#client-name',
  practiceId: '#client-actsFor',
  hubId: '#client-actsFor',
  scopes: '#client-scopes',
};

const hrefFor = (field: string) => {
  const name = field.replace(/^body\//, '').split('/')[0] ?? '';
  return FIELD_HREFS[name] ?? '#client-name';
};

/**
 * System clients (issue 7): other systems, such as a hub's booking system or NHS 111, that find
 * and book appointments through the FHIR API with their own credentials. An organisation
 * administrator registers one for a practice or a hub with the scopes it needs, copies its
 * secret (shown once), and revokes it when it should stop.
 */
export function SystemClientsPage() {
  const { state, reload } = useApi('system-clients', load);
  const [created, setCreated] = useState<{ client: SystemClient; secret: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormSubmission({
    refused: (error) => {
      if (error instanceof ApiError && error.status === 403) {
        return [
          { text: 'You do not have permission to manage system clients', href: '#maincontent' },
        ];
      }
      if (error instanceof ApiError) {
        return problemItems(error.problem, { hrefFor, fallbackHref: '#client-name' });
      }
      return [
        {
          text: error instanceof Error ? error.message : 'The request failed',
          href: '#maincontent',
        },
      ];
    },
  });
  useDocumentTitle(form.errors.length > 0 ? 'Error: System clients' : 'System clients');

  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    if (state.httpStatus === 403) return <PermissionDeniedPage what="system clients" />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  const { listing, practices, hubs } = state.data;

  const handleSubmit = form.onSubmit((data, element) => {
    const name = fieldValue(data, 'client-name');
    const actsFor = actsForField(fieldValue(data, 'client-actsFor'));
    const scopes = data.getAll('client-scopes').filter((v): v is string => typeof v === 'string');
    const invalid: ErrorSummaryItem[] = [];
    if (name === '') invalid.push({ text: 'Enter the client’s name', href: '#client-name' });
    if (!actsFor.practiceId && !actsFor.hubId) {
      invalid.push({ text: 'Choose the practice or hub it acts for', href: '#client-actsFor' });
    }
    if (scopes.length === 0) {
      invalid.push({ text: 'Choose at least one scope', href: '#client-scopes' });
    }
    if (invalid.length > 0) {
      form.setErrors(invalid);
      return;
    }
    void form.send(async () => {
      const answer = await registerSystemClient({ name, ...actsFor, scopes });
      element.reset();
      setNotice(null);
      setCreated({ client: answer.client, secret: answer.clientSecret });
      await reload();
    });
  });

  const revoked = async (client: SystemClient) => {
    setCreated(null);
    setNotice(`${client.name} is revoked: its tokens no longer work.`);
    await reload();
  };

  return (
    <>
      <BackLink to="/organisation">Back to organisation</BackLink>
      <ErrorSummary items={form.errors} />
      {notice !== null ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <PageHeading caption="Organisation">System clients</PageHeading>
      <p className="nhsuk-lede-text">
        Other systems, such as a hub’s booking system or an NHS 111 service, find and book
        appointments through atscale’s FHIR API with credentials of their own. Each acts for one
        practice or one hub and can do only what its scopes allow.
      </p>
      <p>
        They get access tokens from <code>{listing.tokenUrl}</code> (OAuth 2.0 client credentials);
        a token lasts {String(listing.tokenSeconds)} seconds. Every call they make is audited.
      </p>

      {created ? <NewSecret client={created.client} secret={created.secret} /> : null}

      <ClientList clients={listing.clients} onRevoked={revoked} />

      <h2 id="register-heading">Register a system client</h2>
      <form onSubmit={handleSubmit} noValidate aria-labelledby="register-heading">
        <TextInput
          id="client-name"
          label="Name"
          hint="What the system is, for example Evening hub booking or NHS 111 North"
          autoComplete="off"
          maxLength={120}
          error={form.fieldError('client-name')}
        />
        <Select
          id="client-actsFor"
          label="Acts for"
          hint="It reaches this practice’s patients and appointments only; a hub’s client reaches the hub’s practices"
          prompt="Choose a practice or hub"
          options={actsForChoices(practices, hubs)}
          error={form.fieldError('client-actsFor')}
        />
        <Checkboxes
          id="client-scopes"
          legend="Scopes"
          hint="Give only what it needs: to find and book, read Slot and Schedule and change Appointment"
          choices={scopeChoices(listing.scopes)}
          small
          error={form.fieldError('client-scopes')}
        />
        <Button aria-disabled={form.busy}>Register client</Button>
      </form>
    </>
  );
}

/** The secret of a client just registered: shown this once, with a copy button. */
function NewSecret({ client, secret }: { client: SystemClient; secret: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (what: string, text: string) => {
    void navigator.clipboard.writeText(text).then(
      () => {
        setCopied(`${what} copied`);
      },
      () => {
        setCopied(`Could not copy the ${what.toLowerCase()}: select it and copy it yourself`);
      },
    );
  };
  return (
    <div className="nhsuk-warning-callout" aria-labelledby="secret-heading">
      <h2 className="nhsuk-warning-callout__label" id="secret-heading">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          Copy the secret of {client.name} now
        </span>
      </h2>
      <p>
        This is the only time the secret is shown. atscale keeps only a fingerprint of it and cannot
        show it again: if it is lost, revoke the client and register a new one. Give it to the
        system’s supplier by a secure route, never by email.
      </p>
      <SummaryList
        rows={[
          { key: 'Client id', value: <code>{client.id}</code> },
          { key: 'Client secret', value: <code className="app-break-anywhere">{secret}</code> },
        ]}
      />
      <div className="nhsuk-button-group">
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            copy('Client id', client.id);
          }}
        >
          Copy client id
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            copy('Secret', secret);
          }}
        >
          Copy secret
        </Button>
      </div>
      <p role="status" className="nhsuk-body-s">
        {copied ?? ''}
      </p>
    </div>
  );
}

/** The clients, live ones first, each live one with a revoke button that asks first. */
function ClientList({
  clients,
  onRevoked,
}: {
  clients: readonly SystemClient[];
  onRevoked: (client: SystemClient) => Promise<void>;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (clients.length === 0) return <p>No system clients are registered yet.</p>;

  const revoke = async (client: SystemClient) => {
    setBusy(true);
    setFailure(null);
    try {
      await revokeSystemClient(client.id);
      setConfirming(null);
      await onRevoked(client);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'The client could not be revoked');
    } finally {
      setBusy(false);
    }
  };

  const actions = (client: SystemClient) => {
    if (client.revokedAt !== null) {
      return `Revoked ${formatDate(client.revokedAt)}${client.revokedBy ? ` by ${client.revokedBy.displayName}` : ''}`;
    }
    if (confirming !== client.id) {
      return (
        <Button
          type="button"
          variant="warning"
          className="nhsuk-u-margin-bottom-0"
          onClick={() => {
            setFailure(null);
            setConfirming(client.id);
          }}
        >
          Revoke<span className="nhsuk-u-visually-hidden"> {client.name}</span>
        </Button>
      );
    }
    return (
      <div role="group" aria-label={`Confirm revoking ${client.name}`}>
        <p className="nhsuk-u-margin-bottom-2">
          Revoke {client.name}? Its tokens stop working at once and it cannot be used again.
        </p>
        {failure !== null ? <p className="nhsuk-error-message">{failure}</p> : null}
        <div className="nhsuk-button-group nhsuk-u-margin-bottom-0">
          <Button
            type="button"
            variant="warning"
            aria-disabled={busy}
            onClick={() => {
              if (!busy) void revoke(client);
            }}
          >
            Yes, revoke it
          </Button>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setConfirming(null);
            }}
          >
            Cancel
          </Button>
        </div>
      </div>
    );
  };

  return (
    <WideTable
      caption="System clients"
      head={['Client', 'Acts for', 'Scopes', 'Registered', 'Status']}
      rows={clients.map((client) => ({
        key: client.id,
        cells: [
          <>
            <strong>{client.name}</strong>
            <span className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-display-block nhsuk-u-margin-bottom-0">
              Client id <code>{client.id}</code>
            </span>
          </>,
          client.actsFor.kind === 'hub' ? `Hub: ${client.actsFor.name}` : client.actsFor.name,
          <ul className="nhsuk-list nhsuk-u-margin-bottom-0" key="scopes">
            {client.scopes.map((scope) => (
              <li key={scope} className="nhsuk-u-margin-bottom-0">
                {scopeLabel(scope)} <code className="nhsuk-body-s">{scope}</code>
              </li>
            ))}
          </ul>,
          <>
            {formatDate(client.createdAt)}
            {client.createdBy ? ` by ${client.createdBy.displayName}` : ''}
            <span className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-display-block nhsuk-u-margin-bottom-0">
              {client.lastTokenAt ? `Last token ${formatDate(client.lastTokenAt)}` : 'No token yet'}
            </span>
          </>,
          actions(client),
        ],
      }))}
    />
  );
}
