import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatSeconds, progressBar, withProgressBar } from './progress-bar.js';

/** A stream that may claim to be a terminal, and what was written to it. */
function screen(tty: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY: tty });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

/** A clock the test moves by hand. */
function clock() {
  let ms = 0;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

describe('progressBar on a terminal', () => {
  it('redraws one line with count, percentage, rate and time left, then a summary', () => {
    const { stream, text } = screen(true);
    const time = clock();
    const bar = progressBar(stream, 'Building', 1_000, { now: time.now, width: 10 });
    time.advance(1_000);
    bar.update(250);
    expect(text().split('\r').at(-1)).toBe(
      '\x1b[KBuilding [███░░░░░░░] 250/1,000 rows 25% 250 rows/s, 3 s left',
    );
    time.advance(1_000);
    bar.update(1_000);
    bar.finish();
    expect(text()).not.toContain('\n\x1b');
    expect(text().endsWith('\r\x1b[K✓ Building: 1,000 rows in 2.0 s (500 rows/s)\n')).toBe(true);
  });

  it('draws at most every redraw interval, but always the last update', () => {
    const { stream, text } = screen(true);
    const time = clock();
    const bar = progressBar(stream, 'X', 100, { now: time.now, redrawMs: 100 });
    const draws = () => text().split('\r').length - 1;
    const before = draws();
    bar.update(10);
    time.advance(10);
    bar.update(20);
    bar.update(30);
    expect(draws()).toBe(before + 1);
    bar.update(100);
    expect(draws()).toBe(before + 2);
  });

  it('says where it stopped when the work fails', async () => {
    const { stream, text } = screen(true);
    const time = clock();
    await expect(
      withProgressBar(
        stream,
        'Building',
        10,
        (update) => {
          update(4);
          time.advance(1_500);
          return Promise.reject(new Error('boom'));
        },
        { now: time.now },
      ),
    ).rejects.toThrow('boom');
    expect(text().endsWith('✗ Building: stopped at 4/10 rows after 1.5 s\n')).toBe(true);
  });
});

describe('progressBar in a log', () => {
  it('writes a plain line at each tenth and a summary, without control characters', () => {
    const { stream, text } = screen(false);
    const time = clock();
    const bar = progressBar(stream, 'Building', 1_000, { now: time.now });
    for (let done = 1; done <= 1_000; done++) {
      time.advance(10);
      bar.update(done);
    }
    bar.finish();
    const lines = text().trimEnd().split('\n');
    expect(lines[0]).toBe('Building: 1,000 rows to go');
    expect(lines.slice(1, -1)).toHaveLength(9);
    expect(lines[1]).toBe('Building: 100/1,000 rows (10%), 100 rows/s');
    expect(lines.at(-1)).toBe('Building: done, 1,000 rows in 10.0 s (100 rows/s)');
    expect(text()).not.toContain('\r');
    expect(text()).not.toContain('\x1b');
  });
});

describe('formatSeconds', () => {
  it('reads as seconds, then minutes and seconds', () => {
    expect(formatSeconds(4.4)).toBe('4 s');
    expect(formatSeconds(185)).toBe('3 min 5 s');
  });
});
