import { describe, expect, it } from 'vitest';
import {
  compareQueued,
  dueBy,
  isOverdue,
  triageDecisionProblems,
  type QueuedRequest,
} from './triage.js';

const request = (id: string, receivedAt: string, urgency: QueuedRequest['urgency'] = null) =>
  ({ id, status: 'waiting', urgency, receivedAt }) as const;

describe('the triage queue', () => {
  it('puts need before arrival: an urgent late request above a routine early one', () => {
    const queue = [
      request('routine-8am', '2026-11-23T08:00:00Z', 'routine'),
      request('unassessed-9am', '2026-11-23T09:00:00Z'),
      request('emergency-11am', '2026-11-23T11:00:00Z', 'emergency'),
      request('unassessed-8am', '2026-11-23T08:00:00Z'),
    ].sort(compareQueued);
    expect(queue.map((r) => r.id)).toEqual([
      'emergency-11am',
      'unassessed-8am',
      'unassessed-9am',
      'routine-8am',
    ]);
  });

  it('knows when a request is overdue for its urgency', () => {
    const r = request('a', '2026-11-23T08:00:00Z', 'emergency');
    expect(dueBy(r.receivedAt, r.urgency)).toBe('2026-11-23T09:00:00.000Z');
    expect(isOverdue(r, '2026-11-23T08:59:00Z')).toBe(false);
    expect(isOverdue(r, '2026-11-23T09:01:00Z')).toBe(true);
    expect(isOverdue({ ...r, status: 'triaged' }, '2026-11-24T09:01:00Z')).toBe(false);
  });

  it('checks a decision: a specialist outcome names its service; an emergency is not self-care', () => {
    expect(triageDecisionProblems({ urgency: 'routine', outcome: 'specialist' })).toEqual([
      expect.objectContaining({ field: '/specialistService' }),
    ]);
    expect(triageDecisionProblems({ urgency: 'emergency', outcome: 'self-care' })).toEqual([
      expect.objectContaining({ field: '/outcome' }),
    ]);
    expect(triageDecisionProblems({ urgency: 'same-day', outcome: 'telephone' })).toEqual([]);
  });
});
