import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { streamLines } from './stream-lines.js';

describe('streamLines', () => {
  it('loses no line when the caller awaits something before it starts reading', async () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `line ${String(i)} ${'x'.repeat(60)}`)
      .join('\n')
      .concat('\n');
    const streamed = streamLines(Readable.from([Buffer.from(text)]));
    // As an import does: BEGIN on a database server before the first line is taken.
    await sleep(50);
    const lines: string[] = [];
    for await (const line of streamed.lines) lines.push(line);
    expect(lines).toHaveLength(5_000);
    expect(lines[0]).toMatch(/^line 0 /);
    expect(streamed.sha256()).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
