import { describe, expect, it } from 'vitest';
import { policyDiff } from './policy-diff';

describe('policyDiff', () => {
  it('shows a changed line as removed then added, and the rest unchanged', () => {
    expect(
      policyDiff('# Title\nKeep people safe.\nEnd', '# Title\nKeep everyone safe.\nEnd'),
    ).toEqual([
      { kind: 'same', text: '# Title' },
      { kind: 'removed', text: 'Keep people safe.' },
      { kind: 'added', text: 'Keep everyone safe.' },
      { kind: 'same', text: 'End' },
    ]);
  });

  it('treats a missing final newline as no change', () => {
    expect(policyDiff('a\nb', 'a\nb\n').every((line) => line.kind === 'same')).toBe(true);
  });
});
