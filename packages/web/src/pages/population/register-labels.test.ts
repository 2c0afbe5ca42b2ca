import { describe, expect, it } from 'vitest';
import { prevalenceText, registerCountText, reviewText } from './register-labels';

describe('register labels', () => {
  it('never shows a suppressed count as a number', () => {
    expect(registerCountText(null)).toBe('fewer than 5');
    expect(registerCountText(0)).toBe('0');
    expect(prevalenceText(null)).toBe('–');
    expect(prevalenceText(12.345)).toBe('12.3%');
  });
  it('says why a review is due', () => {
    expect(reviewText({ lastOn: null, due: 'never', dueOn: null })).toBe('Due: never done');
    expect(reviewText({ lastOn: '2025-01-02', due: 'expired', dueOn: '2026-01-02' })).toMatch(
      /^Due: last /,
    );
    expect(reviewText({ lastOn: '2026-01-02', due: null, dueOn: '2027-01-02' })).toMatch(
      /^Done .*next by /,
    );
  });
});
