import { inlineRuns, markdownBlocks } from './markdown-blocks';

function Inline({ text }: { text: string }) {
  return (
    <>
      {inlineRuns(text).map((run, i) =>
        run.style === 'strong' ? (
          <strong key={i}>{run.text}</strong>
        ) : run.style === 'em' ? (
          <em key={i}>{run.text}</em>
        ) : (
          <span key={i}>{run.text}</span>
        ),
      )}
    </>
  );
}

const HEADING_CLASS = { 1: 'nhsuk-heading-m', 2: 'nhsuk-heading-s', 3: 'nhsuk-heading-xs' };

/**
 * A policy's Markdown as NHS.UK-styled elements. Headings in the text sit one level below the
 * page's section heading (`baseLevel`), so the page's heading order stays intact.
 */
export function Markdown({ text, baseLevel = 3 }: { text: string; baseLevel?: 2 | 3 }) {
  return (
    <div className="atscale-markdown">
      {markdownBlocks(text).map((block, i) => {
        if (block.kind === 'heading') {
          const level = Math.min(6, baseLevel + block.level - 1);
          const Tag = `h${String(level)}` as 'h3';
          return (
            <Tag key={i} className={HEADING_CLASS[block.level]}>
              <Inline text={block.text} />
            </Tag>
          );
        }
        if (block.kind === 'list') {
          const Tag = block.ordered ? 'ol' : 'ul';
          return (
            <Tag
              key={i}
              className={
                block.ordered ? 'nhsuk-list nhsuk-list--number' : 'nhsuk-list nhsuk-list--bullet'
              }
            >
              {block.items.map((item, j) => (
                <li key={j}>
                  <Inline text={item} />
                </li>
              ))}
            </Tag>
          );
        }
        return (
          <p key={i}>
            <Inline text={block.text} />
          </p>
        );
      })}
    </div>
  );
}
