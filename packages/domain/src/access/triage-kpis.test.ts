import { describe, expect, it } from 'vitest';
import {
  median,
  nearestRank,
  triageKpis,
  triageKpisByGroup,
  type TriageKpiRequest,
} from './triage-kpis.js';

const at = (minutes: number) =>
  new Date(Date.UTC(2026, 10, 23, 8) + minutes * 60_000).toISOString();

const request = (overrides: Partial<TriageKpiRequest> = {}): TriageKpiRequest => ({
  group: 'a',
  kind: 'clinical',
  outcome: null,
  receivedAt: at(0),
  triagedAt: null,
  appointmentAt: null,
  ...overrides,
});

describe('percentiles', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([1, 2, 3])).toBe(2);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('takes the 90th percentile by nearest rank', () => {
    const values = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(nearestRank(values, 90)).toBe(9);
    expect(nearestRank([5], 90)).toBe(5);
    expect(nearestRank([], 90)).toBeNull();
  });
});

describe('triage KPIs', () => {
  it('counts face-to-face conversion over triaged clinical requests only', () => {
    const kpis = triageKpis([
      request({ outcome: 'face-to-face-home', triagedAt: at(10) }),
      request({ outcome: 'hub', triagedAt: at(20) }),
      request({ outcome: 'telephone', triagedAt: at(30) }),
      request({ outcome: 'self-care', triagedAt: at(40) }),
      // Admin requests and untriaged ones are not part of the conversion rate.
      request({ kind: 'admin', outcome: 'admin-done', triagedAt: at(5) }),
      request(),
    ]);
    expect(kpis.requests).toBe(6);
    expect(kpis.triaged).toBe(5);
    expect(kpis.clinicalTriaged).toBe(4);
    expect(kpis.faceToFace).toBe(2);
    expect(kpis.faceToFaceRate).toBe(0.5);
    expect(kpis.outcomes).toMatchObject({
      'face-to-face-home': 1,
      hub: 1,
      telephone: 1,
      'self-care': 1,
      'admin-done': 1,
      video: 0,
    });
  });

  it('summarises the time to triage and to the appointment in minutes', () => {
    const kpis = triageKpis([
      request({ outcome: 'telephone', triagedAt: at(10), appointmentAt: at(120) }),
      request({ outcome: 'telephone', triagedAt: at(20), appointmentAt: at(60 * 24) }),
      request({ outcome: 'telephone', triagedAt: at(60) }),
      // An appointment before the request is a data error: left out, not negative.
      request({ outcome: 'video', triagedAt: at(30), appointmentAt: at(-60) }),
    ]);
    expect(kpis.timeToTriage).toEqual({ count: 4, medianMinutes: 25, p90Minutes: 60 });
    expect(kpis.timeToAppointment).toEqual({ count: 2, medianMinutes: 780, p90Minutes: 1440 });
  });

  it('has no rate and no times when nothing was triaged', () => {
    const kpis = triageKpis([request()]);
    expect(kpis.faceToFaceRate).toBeNull();
    expect(kpis.timeToTriage).toEqual({ count: 0, medianMinutes: null, p90Minutes: null });
  });

  it('groups by key, with requests of no group last', () => {
    const groups = triageKpisByGroup([
      request({ group: 'b' }),
      request({ group: null }),
      request({ group: 'a', outcome: 'hub', triagedAt: at(1) }),
      request({ group: 'b' }),
    ]);
    expect(groups.map((g) => [g.group, g.kpis.requests])).toEqual([
      ['a', 1],
      ['b', 2],
      [null, 1],
    ]);
  });
});
