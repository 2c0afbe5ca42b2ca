import type { SlotService, Urgency } from '@atscale/domain';
import { getJson } from './client';

/** The access overview as `GET /api/access/summary` answers. */
export interface AccessSummary {
  asAt: string;
  today: string;
  tomorrow: string;
  practiceId: string | null;
  requests: {
    waiting: number;
    waitingByUrgency: Record<Urgency | 'unassessed', number>;
    overdue: number;
    claimed: number;
    triagedToday: number;
  };
  freeSlots: { service: SlotService; today: number; tomorrow: number }[];
  hubs: {
    id: string;
    name: string;
    capacity: number;
    booked: number;
    share: number;
    used: number;
    released: number;
  }[];
  walkIn: { id: string; name: string; siteName: string; open: boolean; waiting: number }[];
}

/** Fetches today's overview, for one practice or (none given) every one the user reaches. */
export async function fetchAccessSummary(practiceId?: string): Promise<AccessSummary> {
  const query = practiceId ? `?${new URLSearchParams({ practiceId }).toString()}` : '';
  return (await getJson(`/api/access/summary${query}`)) as AccessSummary;
}
