import { useState } from 'react';
import {
  ADMIN_REQUEST_LABELS,
  ADMIN_REQUEST_TYPES,
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_CHANNELS,
  type AdminRequestType,
  type DeliveryChannel,
  type RequestKind,
} from '@atscale/domain';
import { Radios } from '../../../components/radios';
import { Textarea } from '../../../components/textarea';

/** Props for {@link RequestKindRadios}: the words of the form that asks, and the answers. */
interface RequestKindRadiosProps {
  legend: string;
  clinical: { label: string; hint: string };
  admin: { label: string; hint: string; legend: string };
  kind: RequestKind | null;
  onKindChange: (kind: RequestKind) => void;
  adminType: AdminRequestType | null;
  onAdminTypeChange: (type: AdminRequestType) => void;
  /** The error message of a control, by its id (`kind`, `adminType`). */
  fieldError: (id: string) => string | undefined;
}

/** Clinical or admin (`kind`), an admin request revealing its kind (`adminType`). */
function RequestKindRadios({
  legend,
  clinical,
  admin,
  kind,
  onKindChange,
  adminType,
  onAdminTypeChange,
  fieldError,
}: RequestKindRadiosProps) {
  return (
    <Radios<RequestKind>
      id="kind"
      legend={legend}
      error={fieldError('kind')}
      value={kind}
      onChange={onKindChange}
      choices={[
        { value: 'clinical', label: clinical.label, hint: clinical.hint },
        {
          value: 'admin',
          label: admin.label,
          hint: admin.hint,
          conditional: (
            <Radios<AdminRequestType>
              id="adminType"
              legend={admin.legend}
              error={fieldError('adminType')}
              value={adminType}
              onChange={onAdminTypeChange}
              choices={ADMIN_REQUEST_TYPES.map((type) => ({
                value: type,
                label: ADMIN_REQUEST_LABELS[type],
              }))}
            />
          ),
        },
      ]}
    />
  );
}

/** What the patient needs (`description`), in up to 4,000 characters. */
function RequestDescription({
  label,
  hint,
  error,
}: {
  label: string;
  hint?: string;
  error: string | undefined;
}) {
  return (
    <Textarea id="description" label={label} hint={hint} rows={5} maxLength={4000} error={error} />
  );
}

/** How the patient would prefer to be seen (`preferredChannel`), which they need not say. */
function PreferredChannelRadios({
  legend,
  inline = false,
  value,
  onChange,
}: {
  legend: string;
  inline?: boolean;
  value: DeliveryChannel | null;
  onChange: (channel: DeliveryChannel) => void;
}) {
  return (
    <Radios<DeliveryChannel>
      id="preferredChannel"
      legend={legend}
      inline={inline}
      value={value}
      onChange={onChange}
      choices={DELIVERY_CHANNELS.map((channel) => ({
        value: channel,
        label: DELIVERY_CHANNEL_LABELS[channel],
      }))}
    />
  );
}

/** What a request asks for, as the form that records it is being filled in. */
export interface RequestDetails {
  kind: RequestKind | null;
  setKind: (kind: RequestKind) => void;
  adminType: AdminRequestType | null;
  setAdminType: (type: AdminRequestType) => void;
  preferred: DeliveryChannel | null;
  setPreferred: (channel: DeliveryChannel) => void;
  /** Forgets all three, for the next request. */
  reset: () => void;
}

/** The state of {@link RequestDetailFields}: clinical or admin, which admin, and how seen. */
export function useRequestDetails(): RequestDetails {
  const [kind, setKind] = useState<RequestKind | null>(null);
  const [adminType, setAdminType] = useState<AdminRequestType | null>(null);
  const [preferred, setPreferred] = useState<DeliveryChannel | null>(null);
  return {
    kind,
    setKind,
    adminType,
    setAdminType,
    preferred,
    setPreferred,
    reset: () => {
      setKind(null);
      setAdminType(null);
      setPreferred(null);
    },
  };
}

/** The fields of a request to send: its admin type and preferred channel only where given. */
export const requestDetailBody = (
  details: Pick<RequestDetails, 'adminType' | 'preferred'>,
  kind: RequestKind,
  description: string,
) => ({
  kind,
  ...(kind === 'admin' && details.adminType ? { adminType: details.adminType } : {}),
  description,
  ...(details.preferred ? { preferredChannel: details.preferred } : {}),
});

/** The words of {@link RequestDetailFields}, for a patient or for staff. */
export interface RequestDetailWords {
  kindLegend: string;
  clinical: { label: string; hint: string };
  admin: { label: string; hint: string; legend: string };
  descriptionLabel: string;
  descriptionHint?: string;
  preferredLegend: string;
  preferredInline?: boolean;
}

/**
 * What a request asks for: clinical or admin (`kind`, an admin request revealing `adminType`),
 * what the patient needs (`description`) and how they would prefer to be seen
 * (`preferredChannel`).
 */
export function RequestDetailFields({
  words,
  details,
  fieldError,
}: {
  words: RequestDetailWords;
  details: RequestDetails;
  fieldError: (id: string) => string | undefined;
}) {
  return (
    <>
      <RequestKindRadios
        legend={words.kindLegend}
        clinical={words.clinical}
        admin={words.admin}
        kind={details.kind}
        onKindChange={details.setKind}
        adminType={details.adminType}
        onAdminTypeChange={details.setAdminType}
        fieldError={fieldError}
      />
      <RequestDescription
        label={words.descriptionLabel}
        hint={words.descriptionHint}
        error={fieldError('description')}
      />
      <PreferredChannelRadios
        legend={words.preferredLegend}
        inline={words.preferredInline}
        value={details.preferred}
        onChange={details.setPreferred}
      />
    </>
  );
}
