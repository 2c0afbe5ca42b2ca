import { MEMBER_STAGES } from '@atscale/domain';
import { createHub, updateHub, type Hub } from '../../../api/hubs';
import {
  fetchOrganisation,
  fetchSites,
  type OrganisationPractice,
  type SiteListing,
} from '../../../api/organisation';
import { useApi } from '../../../api/use-api';
import { Button } from '../../../components/button';
import { Checkboxes } from '../../../components/checkboxes';
import { Details } from '../../../components/details';
import { ErrorSummary, type ErrorSummaryItem } from '../../../components/error-summary';
import { TextInput } from '../../../components/text-input';
import { fieldValue } from '../../../forms/form-data';
import { useFormSubmission } from '../../../forms/use-form-submission';
import { usePermission } from '../../../session/use-permission';
import { refusedItems } from '../../organisation/site-form-values';

/** The member practices of a list (not prospects or past members): those a hub may have. */
export const memberPractices = (practices: readonly OrganisationPractice[]) =>
  practices.filter(
    (p) =>
      p.membershipStage === null ||
      (MEMBER_STAGES as readonly string[]).includes(p.membershipStage),
  );

const ids = {
  name: 'hub-name',
  lead: 'hub-release-lead',
  sites: 'hub-sites',
  threshold: (practiceId: string) => `hub-threshold-${practiceId}`,
} as const;

/** The control a server field error names. */
const idFor =
  (practices: readonly OrganisationPractice[], chosen: () => readonly string[]) =>
  (field: string): string => {
    const parts = field.split('/');
    if (parts.includes('name')) return ids.name;
    if (parts.includes('releaseLeadMinutes')) return ids.lead;
    if (parts.includes('siteIds')) return ids.sites;
    if (parts.includes('practices')) {
      const index = Number(parts[parts.indexOf('practices') + 1]);
      const practiceId = chosen()[index] ?? practices[0]?.id ?? '';
      return ids.threshold(practiceId);
    }
    return ids.name;
  };

/**
 * Sets up a hub, or changes one: its name, how long before a slot unused shares are released,
 * its sites and, for each practice sharing it, the agreed number of in-house appointments a
 * day (left blank: the practice does not share the hub).
 */
export function HubForm({
  hub,
  sites,
  practices,
  onSaved,
}: {
  hub?: Hub;
  sites: readonly SiteListing[];
  practices: readonly OrganisationPractice[];
  onSaved: (hub: Hub) => void;
}) {
  let chosen: string[] = [];
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(
      idFor(practices, () => chosen),
      ids.name,
    ),
  });
  const threshold = (practiceId: string) =>
    hub?.practices.find((p) => p.practiceId === practiceId)?.dailyThreshold;

  const handleSubmit = onSubmit((form) => {
    const name = fieldValue(form, ids.name);
    const lead = fieldValue(form, ids.lead);
    const invalid: ErrorSummaryItem[] = [];
    if (name === '') invalid.push({ text: 'Enter the hub’s name', href: `#${ids.name}` });
    if (!/^\d+$/.test(lead) || Number(lead) > 10_080) {
      invalid.push({
        text: 'Enter the release lead time in whole minutes, 0 to 10080',
        href: `#${ids.lead}`,
      });
    }
    const members: { practiceId: string; dailyThreshold: number }[] = [];
    for (const practice of practices) {
      const value = fieldValue(form, ids.threshold(practice.id));
      if (value === '') continue;
      if (!/^\d+$/.test(value)) {
        invalid.push({
          text: `Enter ${practice.name}’s daily threshold as a whole number, or leave it blank`,
          href: `#${ids.threshold(practice.id)}`,
        });
        continue;
      }
      members.push({ practiceId: practice.id, dailyThreshold: Number(value) });
    }
    if (invalid.length > 0) {
      setErrors(invalid);
      return;
    }
    chosen = members.map((m) => m.practiceId);
    const input = {
      name,
      releaseLeadMinutes: Number(lead),
      siteIds: form.getAll(ids.sites).map(String),
      practices: members,
    };
    void send(async () => {
      onSaved(hub ? await updateHub(hub.id, input) : await createHub(input));
    });
  });

  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <TextInput
          id={ids.name}
          label="Hub name"
          defaultValue={hub?.name}
          error={fieldError(ids.name)}
        />
        <TextInput
          id={ids.lead}
          label="Release lead time, in minutes"
          hint="How long before a slot any practice may book another practice’s unused share, for example 120"
          inputMode="numeric"
          className="nhsuk-input--width-4"
          defaultValue={String(hub?.releaseLeadMinutes ?? 120)}
          error={fieldError(ids.lead)}
        />
        <Checkboxes
          id={ids.sites}
          legend="Sites the hub works from"
          hint="The organisation’s own sites and its member practices’ sites"
          small
          choices={sites.map((s) => ({
            value: s.id,
            label: s.practiceName ? `${s.name} (${s.practiceName})` : `${s.name} (organisation)`,
          }))}
          checked={hub?.sites.map((s) => s.siteId) ?? []}
          error={fieldError(ids.sites)}
        />
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
            Practices sharing the hub
          </legend>
          <p className="nhsuk-hint">
            For each practice that shares the hub, the number of patients a day it agrees to see in
            house before it refers to the hub. Leave blank for a practice that does not share it.
          </p>
          {practices.map((p) => (
            <TextInput
              key={p.id}
              id={ids.threshold(p.id)}
              label={`${p.name}: daily in-house threshold`}
              inputMode="numeric"
              className="nhsuk-input--width-4"
              defaultValue={threshold(p.id) === undefined ? '' : String(threshold(p.id))}
              error={fieldError(ids.threshold(p.id))}
            />
          ))}
        </fieldset>
        <Button aria-disabled={busy}>{hub ? 'Save the hub' : 'Set up the hub'}</Button>
      </form>
    </>
  );
}

/**
 * The hub form (to set up a hub, or change `hub`) in a details section, for those who may manage
 * access, once the organisation's practices and sites are in; nothing for anyone else.
 */
export function ManagedHubForm({
  summary,
  hub,
  onSaved,
}: {
  summary: string;
  hub?: Hub;
  onSaved: (hub: Hub) => void;
}) {
  const mayManage = usePermission('access:manage', null);
  const organisation = useApi('organisation', fetchOrganisation);
  const sites = useApi('sites', fetchSites);
  if (!mayManage) return null;
  if (organisation.state.status !== 'done' || sites.state.status !== 'done') return null;
  return (
    <Details summary={summary}>
      <HubForm
        {...(hub ? { hub } : {})}
        sites={sites.state.data}
        practices={memberPractices(organisation.state.data.practices)}
        onSaved={onSaved}
      />
    </Details>
  );
}
