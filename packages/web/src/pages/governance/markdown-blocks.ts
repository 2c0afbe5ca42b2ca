/**
 * The subset of Markdown that policies are written in, parsed to blocks: headings (#, ##, ###),
 * bulleted (- or *) and numbered (1.) lists, and paragraphs; inline **strong** and *emphasis*.
 * Rendered as React elements, never as HTML, so a policy's text cannot inject markup.
 */
export type MarkdownBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly string[] }
  | { readonly kind: 'paragraph'; readonly text: string };

/** The blocks of a Markdown text. */
export function markdownBlocks(markdown: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    if (list) blocks.push({ kind: 'list', ...list });
    paragraph = [];
    list = null;
  };
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    if (line === '') {
      flush();
    } else if (heading?.[1] && heading[2] !== undefined) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3, text: heading[2] });
    } else if (bullet?.[1] !== undefined || numbered?.[1] !== undefined) {
      const ordered = numbered?.[1] !== undefined;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(bullet?.[1] ?? numbered?.[1] ?? '');
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** A run of inline text: plain, strong or emphasised. */
export interface InlineRun {
  readonly style: 'plain' | 'strong' | 'em';
  readonly text: string;
}

/** The inline runs of a line: **strong** and *emphasis*; anything else is plain text. */
export function inlineRuns(text: string): InlineRun[] {
  const runs: InlineRun[] = [];
  const pattern = /\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    if (at > last) runs.push({ style: 'plain', text: text.slice(last, at) });
    if (match[1] !== undefined) runs.push({ style: 'strong', text: match[1] });
    else runs.push({ style: 'em', text: match[2] ?? '' });
    last = at + match[0].length;
  }
  if (last < text.length) runs.push({ style: 'plain', text: text.slice(last) });
  return runs;
}
