import { useState } from 'react';
import { routeRequest, type RequestRouting } from '@atscale/domain';
import type { Me } from '../../../api/me';
import {
  fetchOrganisation,
  fetchSites,
  type OrganisationPractice,
  type SiteListing,
} from '../../../api/organisation';
import { useApi } from '../../../api/use-api';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../../components/error-summary';
import { PageHeading } from '../../../components/page-heading';
import { Radios } from '../../../components/radios';
import { Select } from '../../../components/select';
import { SuccessBanner } from '../../../components/success-banner';
import { SummaryList } from '../../../components/summary-list';
import { TextInput } from '../../../components/text-input';
import { useDocumentTitle } from '../../../components/use-document-title';
import { WideTable } from '../../../components/wide-table';
import { fieldValue } from '../../../forms/form-data';
import { useFormSubmission } from '../../../forms/use-form-submission';
import { mayUse } from '../../../session/use-permission';
import { LoadingPage } from '../../loading-page';
import { refusedItems } from '../../organisation/site-form-values';
import { useSavedNotice } from '../../organisation/use-saved-notice';
import { ServiceUnavailablePage } from '../../service-unavailable-page';
import { fetchTeams, type TriageTeams } from '../triage/triage-api';
import { createCallCentre, fetchRoutingSettings, saveRouting } from './routing-api';

const ROUTING_LABELS: Readonly<Record<RequestRouting, string>> = {
  practice: 'Each practice’s own queue',
  centre: 'The call centres',
};

const ROUTING_HINTS: Readonly<Record<RequestRouting, string>> = {
  practice: 'Each practice’s navigators and clinicians triage their own patients’ requests.',
  centre:
    'A regional call centre triages for the practices of its region, the central one for the rest. Practices that no call centre covers keep their own queue.',
};

interface Loaded {
  settings: { routing: RequestRouting; holdMinutes: number };
  teams: TriageTeams['teams'];
  practices: OrganisationPractice[];
}

const load = async (): Promise<Loaded> => {
  const [settings, teams, organisation] = await Promise.all([
    fetchRoutingSettings(),
    fetchTeams(),
    fetchOrganisation(),
  ]);
  return { settings, teams: teams.teams, practices: organisation.practices };
};

/**
 * Where the organisation's requests are triaged (ACC-1, ACC-2): each practice's own queue or
 * the call centres, the call centres and the practices each one serves, and how long a slot is
 * held; administrators change the routing and add call centres.
 */
export function RequestRoutingPage({ me }: { me: Me }) {
  const data = useApi('request routing', load);
  const { notice, saved } = useSavedNotice(data.reload);
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  useDocumentTitle(errors.length > 0 ? 'Error: Request routing' : 'Request routing');
  // Routing and call centres are the whole organisation's: only organisation-wide managers change them.
  const canManage = mayUse(me, 'access:manage', null);
  if (data.state.status === 'loading') return <LoadingPage />;
  if (data.state.status === 'error') return <ServiceUnavailablePage detail={data.state.detail} />;
  const { settings, teams, practices } = data.state.data;
  const served = new Map<string, OrganisationPractice[]>();
  const uncovered: OrganisationPractice[] = [];
  for (const practice of practices) {
    const destination = routeRequest({
      routing: 'centre',
      practiceId: practice.id,
      practiceRegion: practice.region,
      callCentres: teams,
    });
    if (destination.kind === 'call-centre') {
      served.set(destination.triageTeamId, [
        ...(served.get(destination.triageTeamId) ?? []),
        practice,
      ]);
    } else uncovered.push(practice);
  }
  const shared = { errors, onErrors: setErrors };
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/access">Back to access</BackLink>
      <PageHeading caption="Access">Request routing</PageHeading>
      <ErrorSummary items={errors} />
      <SummaryList
        rows={[
          { key: 'Requests go to', value: ROUTING_LABELS[settings.routing] },
          {
            key: 'Slots are held for',
            value: `${String(settings.holdMinutes)} ${settings.holdMinutes === 1 ? 'minute' : 'minutes'} while a navigator talks to the patient`,
          },
        ]}
      />
      <p>{ROUTING_HINTS[settings.routing]}</p>
      <h2>Call centres</h2>
      {teams.length === 0 ? (
        <p>There are no call centres yet: every request goes to its practice’s own queue.</p>
      ) : (
        <WideTable
          caption="Call centres and the practices they triage for"
          head={['Call centre', 'Region', 'Practices']}
          rows={teams.map((team) => ({
            key: team.id,
            cells: [
              team.name,
              team.region ?? 'Central (every region without its own)',
              (served.get(team.id) ?? []).map((p) => p.name).join(', ') || 'None',
            ],
          }))}
        />
      )}
      {teams.length > 0 && uncovered.length > 0 ? (
        <p>
          No call centre covers {uncovered.map((p) => p.name).join(', ')}: their requests stay in
          their own queues.
        </p>
      ) : null}
      {canManage ? (
        <>
          <RoutingForm
            key={`routing ${String(notice?.version ?? 0)}`}
            current={settings.routing}
            shared={shared}
            onSaved={(routing) => {
              saved(`Requests now go to ${ROUTING_LABELS[routing].toLowerCase()}`);
            }}
          />
          <CallCentreForm
            key={`centre ${String(notice?.version ?? 0)}`}
            shared={shared}
            onSaved={(name) => {
              saved(`${name} is added`);
            }}
          />
        </>
      ) : (
        <p>Only those who manage access for the whole organisation can change these settings.</p>
      )}
    </>
  );
}

interface Shared {
  errors: ErrorSummaryItem[];
  onErrors: (errors: ErrorSummaryItem[]) => void;
}

const routingId = 'routing';

function RoutingForm({
  current,
  shared,
  onSaved,
}: {
  current: RequestRouting;
  shared: Shared;
  onSaved: (routing: RequestRouting) => void;
}) {
  const [routing, setRouting] = useState<RequestRouting>(current);
  const { fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(() => routingId, routingId),
    shared,
  });
  return (
    <form
      noValidate
      onSubmit={onSubmit(() => {
        void send(async () => {
          onSaved((await saveRouting(routing)).routing);
        });
      })}
    >
      <h2>Change where requests go</h2>
      <Radios
        id={routingId}
        legend="Where should requests be triaged?"
        choices={(['practice', 'centre'] as const).map((value) => ({
          value,
          label: ROUTING_LABELS[value],
          hint: ROUTING_HINTS[value],
        }))}
        value={routing}
        onChange={setRouting}
        error={fieldError(routingId)}
      />
      <Button aria-disabled={busy}>Save routing</Button>
    </form>
  );
}

const ids = { name: 'centre-name', region: 'centre-region', site: 'centre-site' } as const;

const idFor = (field: string) => {
  const name = field.split('/').pop();
  if (name === 'region') return ids.region;
  if (name === 'siteId') return ids.site;
  return ids.name;
};

function CallCentreForm({ shared, onSaved }: { shared: Shared; onSaved: (name: string) => void }) {
  const sites = useApi('sites', fetchSites);
  const { fieldError, busy, onSubmit, send, setErrors } = useFormSubmission({
    refused: refusedItems(idFor, ids.name),
    shared,
  });
  const siteOptions = (sites.state.status === 'done' ? sites.state.data : []).map(
    (s: SiteListing) => ({
      value: s.id,
      label: s.practiceName ? `${s.name} (${s.practiceName})` : s.name,
    }),
  );
  return (
    <form
      noValidate
      onSubmit={onSubmit((form) => {
        const name = fieldValue(form, ids.name);
        const region = fieldValue(form, ids.region);
        const siteId = fieldValue(form, ids.site);
        if (name === '') {
          setErrors([{ text: 'Enter the call centre’s name', href: `#${ids.name}` }]);
          return;
        }
        void send(async () => {
          const centre = await createCallCentre({
            name,
            region: region === '' ? null : region,
            siteId: siteId === '' ? null : siteId,
          });
          onSaved(centre.name);
        });
      })}
    >
      <h2>Add a call centre</h2>
      <TextInput id={ids.name} label="Call centre name" error={fieldError(ids.name)} />
      <TextInput
        id={ids.region}
        label="Region"
        hint="The region of the practices it triages for, as on each practice’s page. Leave it empty for the central call centre."
        error={fieldError(ids.region)}
      />
      <Select
        id={ids.site}
        label="Site (optional)"
        prompt="No site"
        options={siteOptions}
        error={fieldError(ids.site)}
      />
      <Button aria-disabled={busy}>Add the call centre</Button>
    </form>
  );
}
