import { describe, expect, it } from 'vitest';
import { AtscaleError } from '@atscale/domain';
import { dateMatches, dateRange, parseDateSearch, parseSearch } from './search.js';

const iso = (d: Date) => d.toISOString();

describe('parseDateSearch', () => {
  it('reads a day in England’s time, winter and summer, with eq as the default prefix', () => {
    const winter = parseDateSearch('start', '2026-11-23');
    expect(winter.prefix).toBe('eq');
    expect(iso(winter.start)).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(winter.end)).toBe('2026-11-24T00:00:00.000Z');
    const summer = parseDateSearch('start', 'ge2026-07-01');
    expect(summer.prefix).toBe('ge');
    expect(iso(summer.start)).toBe('2026-06-30T23:00:00.000Z');
    expect(iso(summer.end)).toBe('2026-07-01T23:00:00.000Z');
  });

  it('takes a day that the clocks change on as its real length', () => {
    const spring = parseDateSearch('start', '2026-03-29');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const autumn = parseDateSearch('start', '2026-10-25');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it('honours a zone, and the precision given sets the range', () => {
    const second = parseDateSearch('_lastUpdated', 'lt2026-11-23T09:30:00Z');
    expect(iso(second.start)).toBe('2026-11-23T09:30:00.000Z');
    expect(iso(second.end)).toBe('2026-11-23T09:30:01.000Z');
    const offset = parseDateSearch('_lastUpdated', 'gt2026-11-23T09:30+01:00');
    expect(iso(offset.start)).toBe('2026-11-23T08:30:00.000Z');
    expect(iso(offset.end)).toBe('2026-11-23T08:31:00.000Z');
    const month = parseDateSearch('x', 'le2026-02');
    expect(iso(month.end)).toBe('2026-03-01T00:00:00.000Z');
    const year = parseDateSearch('x', '2026');
    expect(iso(year.start)).toBe('2026-01-01T00:00:00.000Z');
    expect(iso(year.end)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('refuses what is not a date, naming the parameter', () => {
    for (const bad of [
      '',
      'tomorrow',
      'ap2026-01-01',
      'ge2026-02-30',
      '2026-13',
      'xx2026',
      '2026-01-01T25:00',
    ]) {
      try {
        parseDateSearch('start', bad);
        expect.unreachable(bad);
      } catch (error) {
        expect(error, bad).toBeInstanceOf(AtscaleError);
        expect((error as AtscaleError).code, bad).toBe('validation-failed');
        expect((error as AtscaleError).message, bad).toContain('start');
      }
    }
  });
});

describe('dateMatches and dateRange', () => {
  const day = (prefix: string) => parseDateSearch('d', `${prefix}2026-11-23`);
  const before = new Date('2026-11-22T23:59:59Z');
  const during = new Date('2026-11-23T12:00:00Z');
  const after = new Date('2026-11-24T00:00:00Z');

  it('compares an instant with each prefix as FHIR defines', () => {
    const cases: [string, boolean, boolean, boolean][] = [
      ['eq', false, true, false],
      ['ne', true, false, true],
      ['gt', false, false, true],
      ['sa', false, false, true],
      ['ge', false, true, true],
      ['lt', true, false, false],
      ['eb', true, false, false],
      ['le', true, true, false],
    ];
    for (const [prefix, b, d, a] of cases) {
      expect(
        [before, during, after].map((t) => dateMatches(day(prefix), t)),
        prefix,
      ).toEqual([b, d, a]);
    }
  });

  it('narrows several searches to one half-open range, leaving ne to the rows', () => {
    const range = dateRange([
      parseDateSearch('start', 'ge2026-11-23'),
      parseDateSearch('start', 'le2026-11-27'),
      parseDateSearch('start', 'ne2026-11-25'),
    ]);
    expect(range.from && iso(range.from)).toBe('2026-11-23T00:00:00.000Z');
    expect(range.until && iso(range.until)).toBe('2026-11-28T00:00:00.000Z');
    expect(range.exclude.map((s) => s.prefix)).toEqual(['ne']);
    expect(dateRange([])).toEqual({ from: null, until: null, exclude: [] });
  });
});

describe('parseSearch with date parameters', () => {
  const supported = [
    { name: 'start', type: 'date', documentation: '' },
    { name: 'name', type: 'string', documentation: '' },
  ] as const;

  it('takes a date parameter more than once, parsed, and any other parameter once only', () => {
    const parsed = parseSearch(
      { start: ['ge2026-11-23', 'lt2026-11-30'], name: 'x' },
      supported,
      false,
    );
    expect(parsed.dates.get('start')?.map((s) => s.prefix)).toEqual(['ge', 'lt']);
    expect(parsed.values.has('start')).toBe(false);
    expect(parsed.values.get('name')).toBe('x');
    expect(() => parseSearch({ name: ['a', 'b'] }, supported, false)).toThrow(/more than once/);
    expect(() => parseSearch({ start: 'soon' }, supported, false)).toThrow(/start/);
  });
});
