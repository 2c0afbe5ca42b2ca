import type {
  AdminRequestType,
  DeliveryChannel,
  RedFlagAdvice,
  RedFlagId,
  RequestKind,
} from '@atscale/domain';
import { getJson, postJson } from '../../api/client';

/** A practice as its online form shows it. */
export interface PublicPractice {
  odsCode: string;
  name: string;
  redFlags: { id: RedFlagId; question: string }[];
}

/** Fetches the practice with this ODS code; rejects with a 404 ApiError for none. */
export async function fetchPublicPractice(odsCode: string): Promise<PublicPractice> {
  return (await getJson(`/api/public/practices/${encodeURIComponent(odsCode)}`)) as PublicPractice;
}

/** What the online form sends. */
export interface OnlineRequest {
  redFlags: RedFlagId[];
  nhsNumber?: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  postcode?: string;
  kind?: RequestKind;
  adminType?: AdminRequestType;
  description?: string;
  preferredChannel?: DeliveryChannel;
}

/** What the form hears back: advice for a red flag, or the reference of the queued request. */
export type OnlineAnswer =
  | { outcome: 'red-flag'; advice: RedFlagAdvice; adviceText: string }
  | { outcome: 'queued'; reference: string; practiceName: string };

/** Sends the online form; no sign-in is needed. */
export async function sendOnlineRequest(
  odsCode: string,
  request: OnlineRequest,
): Promise<OnlineAnswer> {
  return (await postJson(
    `/api/public/practices/${encodeURIComponent(odsCode)}/requests`,
    request,
  )) as OnlineAnswer;
}
