import { describe, expect, it } from 'vitest';
import {
  englandTimeToInstant,
  nextDate,
  sessionTimes,
  startOfDayInEngland,
  timeInEngland,
} from './periods.js';

describe('sessionTimes', () => {
  it('puts a winter morning at GMT and a summer one at BST', () => {
    expect(sessionTimes('2026-01-12', { period: 'am' })).toEqual({
      startsAt: '2026-01-12T08:00:00.000Z',
      endsAt: '2026-01-12T12:30:00.000Z',
    });
    expect(sessionTimes('2026-07-13', { period: 'pm' })).toEqual({
      startsAt: '2026-07-13T12:30:00.000Z',
      endsAt: '2026-07-13T17:30:00.000Z',
    });
    expect(sessionTimes('2026-07-13', { period: 'evening' })).toEqual({
      startsAt: '2026-07-13T17:30:00.000Z',
      endsAt: '2026-07-13T19:00:00.000Z',
    });
  });

  it('gets the last Sunday of March right (clocks go forward at 01:00 GMT)', () => {
    // 29 March 2026: the morning is already BST, the day started at GMT.
    expect(sessionTimes('2026-03-29', { period: 'am' }).startsAt).toBe('2026-03-29T07:00:00.000Z');
    expect(sessionTimes('2026-03-28', { period: 'am' }).startsAt).toBe('2026-03-28T08:00:00.000Z');
    expect(startOfDayInEngland('2026-03-29')).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfDayInEngland('2026-03-30')).toBe('2026-03-29T23:00:00.000Z');
    // A time the clocks skip is read an hour later.
    expect(englandTimeToInstant('2026-03-29', '01:30')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('gets the last Sunday of October right (clocks go back at 01:00 GMT)', () => {
    // 25 October 2026: the day started at BST, the morning is GMT.
    expect(sessionTimes('2026-10-25', { period: 'am' }).startsAt).toBe('2026-10-25T08:00:00.000Z');
    expect(sessionTimes('2026-10-24', { period: 'am' }).startsAt).toBe('2026-10-24T07:00:00.000Z');
    expect(startOfDayInEngland('2026-10-25')).toBe('2026-10-24T23:00:00.000Z');
    expect(startOfDayInEngland('2026-10-26')).toBe('2026-10-26T00:00:00.000Z');
    expect(timeInEngland('2026-10-25T08:00:00.000Z')).toBe('08:00');
    expect(timeInEngland('2026-10-24T07:00:00.000Z')).toBe('08:00');
  });

  it('takes exact times for a custom session and refuses bad ones naming the field', () => {
    expect(
      sessionTimes('2026-07-13', { period: 'custom', startTime: '09:15', endTime: '11:00' }),
    ).toEqual({ startsAt: '2026-07-13T08:15:00.000Z', endsAt: '2026-07-13T10:00:00.000Z' });
    const refused = (fn: () => unknown, field: string) => {
      expect(fn).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ field })] }));
    };
    refused(() => sessionTimes('2026-07-13', { period: 'custom', endTime: '11:00' }), '/startTime');
    refused(
      () => sessionTimes('2026-07-13', { period: 'custom', startTime: '11:00', endTime: '10:00' }),
      '/endTime',
    );
    refused(() => sessionTimes('2026-07-13', { period: 'am', startTime: '09:00' }), '/startTime');
    refused(() => sessionTimes('2026-02-30', { period: 'am' }), '/dates');
  });

  it('steps dates across months and years', () => {
    expect(nextDate('2026-12-31')).toBe('2027-01-01');
    expect(nextDate('2026-02-28', 7)).toBe('2026-03-07');
  });
});
