import { describe, expect, it } from 'vitest';
import { rankedPreferences } from './ranking';

describe('reading a ranked ballot', () => {
  it('orders the candidates by the numbers typed, leaving out empty boxes', () => {
    expect(
      rankedPreferences([
        { id: 'a', value: '2' },
        { id: 'b', value: '' },
        { id: 'c', value: ' 1 ' },
      ]),
    ).toEqual({ ok: true, preferences: ['c', 'a'] });
  });

  it('refuses no numbers, repeats, gaps and numbers out of range', () => {
    expect(rankedPreferences([{ id: 'a', value: '' }])).toMatchObject({
      ok: false,
      candidateId: 'a',
    });
    expect(
      rankedPreferences([
        { id: 'a', value: '1' },
        { id: 'b', value: '1' },
      ]),
    ).toMatchObject({
      ok: false,
      candidateId: 'b',
      message: 'You gave 1 to more than one candidate',
    });
    expect(
      rankedPreferences([
        { id: 'a', value: '1' },
        { id: 'b', value: '3' },
        { id: 'c', value: '' },
      ]),
    ).toMatchObject({ ok: false, candidateId: 'b' });
    expect(rankedPreferences([{ id: 'a', value: '1.5' }])).toMatchObject({ ok: false });
    expect(rankedPreferences([{ id: 'a', value: '2' }])).toMatchObject({ ok: false });
  });
});
