import { diffLines } from 'diff';

/** One line of a diff between two versions' bodies. */
export interface DiffLine {
  readonly kind: 'added' | 'removed' | 'same';
  readonly text: string;
}

/** The line-by-line difference from `before` to `after` (jsdiff's diffLines), one entry a line. */
export function policyDiff(before: string, after: string): DiffLine[] {
  const withEnd = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return diffLines(withEnd(before), withEnd(after)).flatMap((change) => {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    return change.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ kind, text }) as const);
  });
}
