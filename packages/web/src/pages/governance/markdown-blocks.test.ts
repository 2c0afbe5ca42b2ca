import { describe, expect, it } from 'vitest';
import { inlineRuns, markdownBlocks } from './markdown-blocks';

describe('markdownBlocks', () => {
  it('reads headings, lists and paragraphs', () => {
    expect(
      markdownBlocks('# Purpose\n\nKeep people\nsafe.\n\n- one\n- two\n1. first\n\n## Scope'),
    ).toEqual([
      { kind: 'heading', level: 1, text: 'Purpose' },
      { kind: 'paragraph', text: 'Keep people safe.' },
      { kind: 'list', ordered: false, items: ['one', 'two'] },
      { kind: 'list', ordered: true, items: ['first'] },
      { kind: 'heading', level: 2, text: 'Scope' },
    ]);
  });

  it('keeps markup as text', () => {
    expect(markdownBlocks('<script>alert(1)</script>')).toEqual([
      { kind: 'paragraph', text: '<script>alert(1)</script>' },
    ]);
  });
});

describe('inlineRuns', () => {
  it('finds strong and emphasised runs', () => {
    expect(inlineRuns('Call **999** *now* please')).toEqual([
      { style: 'plain', text: 'Call ' },
      { style: 'strong', text: '999' },
      { style: 'plain', text: ' ' },
      { style: 'em', text: 'now' },
      { style: 'plain', text: ' please' },
    ]);
  });
});
