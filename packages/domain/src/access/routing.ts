/** Where an organisation's requests are triaged: each practice's team, or its call centres. */
export const REQUEST_ROUTINGS = ['practice', 'centre'] as const;
/** A routing setting. */
export type RequestRouting = (typeof REQUEST_ROUTINGS)[number];

/** A call centre: the central one has no region, a satellite one serves a region. */
export interface CallCentre {
  readonly id: string;
  readonly region: string | null;
}

/** Where a request goes: its practice's own queue, or a call centre's. */
export type RequestDestination =
  | { readonly kind: 'practice'; readonly practiceId: string }
  | { readonly kind: 'call-centre'; readonly triageTeamId: string };

/**
 * Routes a request (ACC-1): with practice routing, to the patient's practice; with centre
 * routing (the pyramidal model), to the call centre of the practice's region, else to the
 * central one, else (no call centre set up yet) back to the practice, so no request is lost.
 */
export function routeRequest(input: {
  readonly routing: RequestRouting;
  readonly practiceId: string;
  readonly practiceRegion: string | null;
  readonly callCentres: readonly CallCentre[];
}): RequestDestination {
  if (input.routing === 'centre') {
    const regional =
      input.practiceRegion === null
        ? undefined
        : input.callCentres.find((c) => c.region === input.practiceRegion);
    const centre = regional ?? input.callCentres.find((c) => c.region === null);
    if (centre) return { kind: 'call-centre', triageTeamId: centre.id };
  }
  return { kind: 'practice', practiceId: input.practiceId };
}
