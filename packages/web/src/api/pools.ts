import type { StaffRole } from '@atscale/domain';
import { getJson, postJson } from './client';

/** A member of the internal locum or salaried pool, from `GET /api/pools/members`. */
export interface PoolMember {
  staffId: string;
  fullName: string;
  role: StaffRole;
  skills: string[];
  pool: 'locum' | 'salaried';
  maxSessionsPerWeek: number;
  pencePerSession: number;
  joinedOn: string;
}

/** A pool member put on a gap session, with what it costs and saves. */
export interface CostedPoolAssignment {
  sessionId: string;
  staffId: string;
  pencePerSession: number;
  travelMinutes: number;
  /** The external locum rate minus this person's cost (negative when the pool costs more). */
  savingPence: number;
}

/** What filling a week's gaps from the pools comes to. */
export interface PoolFill {
  assignments: CostedPoolAssignment[];
  filled: number;
  totalCostPence: number;
  externalCostPence: number;
  savingPence: number;
  objective: number;
  status: 'optimal' | 'time-limit' | 'empty' | 'failed' | 'first-fit';
}

/** The optimiser's proposal for a week's gaps, not yet applied, beside greedy first-fit's. */
export interface PoolProposal {
  weekStart: string;
  externalLocumPencePerSession: number;
  /** Gap sessions in the week. */
  gaps: number;
  proposed: PoolFill;
  firstFit: PoolFill;
}

/** A gap session offered to one pool member. */
export interface SessionOffer {
  id: string;
  sessionId: string;
  staffId: string;
  status: 'offered' | 'accepted' | 'declined' | 'withdrawn';
  offeredAt: string;
  respondedAt: string | null;
}

/** An offer made to the signed-in pool member, with where and when the session is. */
export interface MyOffer extends SessionOffer {
  siteName: string;
  startsAt: string;
  endsAt: string;
  requiredRole: StaffRole;
}

/** The members of both pools. */
export async function fetchPoolMembers(): Promise<PoolMember[]> {
  return ((await getJson('/api/pools/members')) as { members: PoolMember[] }).members;
}

/** The optimiser's proposal for the seven days from `weekStart`; writes nothing. */
export async function fetchPoolProposal(weekStart: string): Promise<PoolProposal> {
  return (await getJson(
    `/api/pools/proposal?weekStart=${encodeURIComponent(weekStart)}`,
  )) as PoolProposal;
}

/** Applies a proposal's assignments, all or none; resolves to what the fill came to. */
export async function applyPoolProposal(
  weekStart: string,
  assignments: readonly { sessionId: string; staffId: string }[],
): Promise<PoolFill> {
  return (await postJson('/api/pools/applications', {
    weekStart,
    assignments: assignments.map(({ sessionId, staffId }) => ({ sessionId, staffId })),
  })) as PoolFill;
}

/** Offers a gap session to one pool member, for them to accept or decline. */
export async function offerSession(sessionId: string, staffId: string): Promise<SessionOffer> {
  return (await postJson('/api/pools/offers', { sessionId, staffId })) as SessionOffer;
}

/** The offers made to the signed-in user as a pool member, newest first. */
export async function fetchMyOffers(): Promise<MyOffer[]> {
  return ((await getJson('/api/pools/my-offers')) as { offers: MyOffer[] }).offers;
}

/** Accepts or declines an offer made to the signed-in pool member. */
export async function respondToOffer(
  offerId: string,
  answer: 'accepted' | 'declined',
): Promise<SessionOffer> {
  return (await postJson(`/api/pools/offers/${encodeURIComponent(offerId)}/response`, {
    answer,
  })) as SessionOffer;
}
