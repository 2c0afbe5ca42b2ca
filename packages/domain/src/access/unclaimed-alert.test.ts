import { describe, expect, it } from 'vitest';
import { URGENCY_WINDOW_HOURS, type QueuedRequest, type Urgency } from './triage.js';
import { unclaimedAlert } from './unclaimed-alert.js';

const NOW = '2026-11-23T12:00:00.000Z';
const hoursAgo = (hours: number) => new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();

let serial = 0;
const request = (
  urgency: Urgency | null,
  receivedHoursAgo: number,
  status: QueuedRequest['status'] = 'waiting',
): QueuedRequest => ({
  id: `r${String(++serial).padStart(3, '0')}`,
  status,
  urgency,
  receivedAt: hoursAgo(receivedHoursAgo),
});

describe('the unclaimed-request alert', () => {
  it('stays quiet while every waiting request is within its urgency window', () => {
    const alert = unclaimedAlert(
      [request(null, 11), request('within-2-days', 47), request('routine', 24 * 27)],
      NOW,
    );
    expect(alert).toMatchObject({ count: 0, level: 'none', requests: [] });
  });

  it('flags a request left unclaimed past its window, using the urgency windows', () => {
    for (const urgency of ['emergency', 'same-day', 'within-2-days', 'routine'] as const) {
      const hours = URGENCY_WINDOW_HOURS[urgency];
      const late = request(urgency, hours + 0.5);
      const onTime = request(urgency, hours - 0.5);
      const alert = unclaimedAlert([late, onTime], NOW);
      expect(alert.requests.map((r) => r.id)).toEqual([late.id]);
      expect(alert.requests[0]?.minutesOverdue).toBe(30);
      expect(alert.byUrgency[urgency]).toBe(1);
    }
  });

  it('holds an unassessed request to the same-day window and raises it as urgent', () => {
    const alert = unclaimedAlert([request(null, 13)], NOW);
    expect(alert).toMatchObject({ count: 1, level: 'urgent' });
    expect(alert.byUrgency.unassessed).toBe(1);
    expect(alert.requests[0]?.dueBy).toBe(hoursAgo(1));
  });

  it('is a warning, not urgent, when only later urgencies are overdue', () => {
    expect(unclaimedAlert([request('within-2-weeks', 24 * 15)], NOW).level).toBe('warning');
    expect(
      unclaimedAlert([request('within-2-weeks', 24 * 15), request('same-day', 13)], NOW).level,
    ).toBe('urgent');
  });

  it('ignores requests someone has claimed, triaged or closed, however late', () => {
    const alert = unclaimedAlert(
      [
        request('emergency', 5, 'claimed'),
        request('emergency', 5, 'triaged'),
        request('emergency', 5, 'closed'),
      ],
      NOW,
    );
    expect(alert.count).toBe(0);
  });

  it('lists the most urgent first, then the longest overdue', () => {
    const routine = request('routine', 24 * 40);
    const sameDayLater = request('same-day', 13);
    const sameDayOlder = request('same-day', 20);
    const emergency = request('emergency', 2);
    const alert = unclaimedAlert([routine, sameDayLater, sameDayOlder, emergency], NOW);
    expect(alert.requests.map((r) => r.id)).toEqual([
      emergency.id,
      sameDayOlder.id,
      sameDayLater.id,
      routine.id,
    ]);
    expect(alert.count).toBe(4);
    expect(alert.byUrgency).toEqual({
      unassessed: 0,
      emergency: 1,
      'same-day': 2,
      'within-2-days': 0,
      'within-2-weeks': 0,
      routine: 1,
    });
  });
});
