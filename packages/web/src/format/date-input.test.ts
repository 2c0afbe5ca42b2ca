import { describe, expect, it } from 'vitest';
import { dateInputToIso } from './date-input';

const read = (day: string, month: string, year: string) =>
  dateInputToIso({ day, month, year }, 'Date of birth');

describe('dateInputToIso', () => {
  it('reads a real date as an ISO date, padding the day and month', () => {
    expect(read('1', '2', '1980')).toEqual({ ok: true, iso: '1980-02-01' });
    expect(read(' 29 ', '02', '2000')).toEqual({ ok: true, iso: '2000-02-29' });
  });

  it('asks for the date when every field is empty', () => {
    expect(read('', ' ', '')).toEqual({ ok: false, message: 'Enter date of birth' });
  });

  it('names the missing fields', () => {
    expect(read('1', '', '')).toEqual({
      ok: false,
      message: 'Date of birth must include a month and year',
    });
    expect(read('', '3', '1990')).toEqual({
      ok: false,
      message: 'Date of birth must include a day',
    });
  });

  it('rejects dates that do not exist or are not numbers', () => {
    const notReal = { ok: false, message: 'Date of birth must be a real date' };
    expect(read('31', '2', '1990')).toEqual(notReal);
    expect(read('29', '2', '2001')).toEqual(notReal);
    expect(read('1', '13', '1990')).toEqual(notReal);
    expect(read('a', '1', '1990')).toEqual(notReal);
    expect(read('1', '1', '90')).toEqual(notReal);
    expect(read('0', '1', '1990')).toEqual(notReal);
  });
});
