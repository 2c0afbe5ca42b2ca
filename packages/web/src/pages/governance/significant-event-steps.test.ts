import { describe, expect, it } from 'vitest';
import { SIGNIFICANT_EVENT_TRANSITIONS, type SignificantEventStatus } from '@atscale/domain';
import { eventStep } from './significant-event-steps';

describe('naming a significant event’s next step', () => {
  it('names each move forward by what it records', () => {
    expect(eventStep('reported', 'investigating')).toEqual({
      name: 'Start the investigation',
      backwards: false,
    });
    expect(eventStep('investigating', 'learning')).toEqual({
      name: 'Record the findings and move to learning',
      backwards: false,
    });
    expect(eventStep('learning', 'closed')).toEqual({
      name: 'Record the learning and close',
      backwards: false,
    });
  });

  it('calls the move from learning back to investigating a reopening, not a start', () => {
    expect(eventStep('learning', 'investigating')).toEqual({
      name: 'Reopen the investigation',
      backwards: true,
    });
  });

  it('gives the moves offered from one status different names, so each form is told apart', () => {
    for (const [from, next] of Object.entries(SIGNIFICANT_EVENT_TRANSITIONS)) {
      const names = next.map((to) => eventStep(from as SignificantEventStatus, to).name);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
