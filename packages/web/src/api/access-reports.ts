import type { LeadTimeBucket } from '@atscale/domain';
import { getJson } from './client';

/** A practice's week in the gaming report. */
export interface PracticeWeek {
  practiceId: string;
  practiceName: string;
  week: string;
  listSize: number;
  inHousePlaces: number;
  agreedInHousePlaces: number;
  hubPlacesUsed: number;
  hubFairShare: number;
  referralsBeforeThreshold: number;
  overrides: number;
  inHousePer1000: number | null;
  agreedPer1000: number | null;
  hubPer1000: number | null;
  hubFairSharePer1000: number | null;
  hubShareUsed: number | null;
  outlier: boolean;
  reasons: string[];
}

/** The organisation's week in the gaming report. */
export interface OrganisationWeek {
  week: string;
  inHousePer1000: number | null;
  agreedPer1000: number | null;
  hubPer1000: number | null;
  hubFairSharePer1000: number | null;
  referralsBeforeThreshold: number;
  overrides: number;
}

/** `GET /api/access/reports/gaming`. */
export interface GamingReport {
  from: string;
  to: string;
  rule: string;
  weeks: string[];
  practices: PracticeWeek[];
  organisation: OrganisationWeek[];
}

/** DNAs in one lead time bucket. */
export interface DnaBucket {
  bucket: LeadTimeBucket;
  attended: number;
  didNotAttend: number;
  rate: number | null;
}

/** `GET /api/access/reports/dna`. */
export interface DnaReport {
  from: string;
  to: string;
  practices: { practiceId: string; practiceName: string; buckets: DnaBucket[] }[];
  organisation: DnaBucket[];
}

const period = (from: string, to: string) =>
  `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

/** Fetches the gaming report for a period. */
export async function fetchGamingReport(from: string, to: string): Promise<GamingReport> {
  return (await getJson(`/api/access/reports/gaming?${period(from, to)}`)) as GamingReport;
}

/** Fetches DNA rates by lead time for a period. */
export async function fetchDnaReport(from: string, to: string): Promise<DnaReport> {
  return (await getJson(`/api/access/reports/dna?${period(from, to)}`)) as DnaReport;
}
