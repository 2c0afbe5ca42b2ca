import type { Writable } from 'node:stream';
import type { MaybeTty } from './terminal.js';

/** A bar for long work of known size, drawn on stderr. */
export interface ProgressBar {
  /** Records how much is done so far (of the total given at the start). */
  update(done: number): void;
  /** Ends the bar with a line saying how much was done, how long it took and how fast. */
  finish(): void;
  /** Ends the bar saying where it stopped. */
  fail(): void;
}

/** How a bar is drawn. */
export interface ProgressBarOptions {
  /** What is counted, plural: `rows`. */
  readonly unit?: string;
  /** Characters of the bar itself. */
  readonly width?: number;
  /** The clock in milliseconds; tests pass their own. */
  readonly now?: () => number;
  /** On a terminal, redraw at most this often (the last update is always drawn). */
  readonly redrawMs?: number;
}

const whole = (n: number): string => Math.round(n).toLocaleString('en-GB');

/** Seconds as people read them: `42 s`, `3 min 5 s`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * A progress bar: on a terminal one line redrawn in place with the count, percentage, rate and
 * time left (`label [█████░░░░░] 120,000/340,000 35% 9,700 rows/s, 23 s left`); in a log (not a
 * terminal) a plain line at each tenth of the way, so a CI log gets ten lines, not thousands.
 */
export function progressBar(
  stream: Writable & MaybeTty,
  label: string,
  total: number,
  options: ProgressBarOptions = {},
): ProgressBar {
  const unit = options.unit ?? 'rows';
  const width = options.width ?? 24;
  const now = options.now ?? (() => performance.now());
  const redrawMs = options.redrawMs ?? 100;
  const started = now();
  let done = 0;
  let lastDraw = -Infinity;
  let lastTenth = 0;
  let ended = false;

  const elapsedSeconds = () => (now() - started) / 1000;
  const rate = () => {
    const seconds = elapsedSeconds();
    return seconds > 0 ? done / seconds : 0;
  };
  const fraction = () => (total > 0 ? Math.min(1, done / total) : 1);
  const counts = () => `${whole(done)}/${whole(total)} ${unit}`;

  const draw = () => {
    const filled = Math.round(fraction() * width);
    const speed = rate();
    const left = speed > 0 ? `, ${formatSeconds((total - done) / speed)} left` : '';
    stream.write(
      `\r\x1b[K${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${counts()} ` +
        `${Math.floor(fraction() * 100)}% ${whole(speed)} ${unit}/s${left}`,
    );
  };

  const summary = () =>
    `${whole(done)} ${unit} in ${elapsedSeconds().toFixed(1)} s (${whole(rate())} ${unit}/s)`;

  if (stream.isTTY) draw();
  else stream.write(`${label}: ${whole(total)} ${unit} to go\n`);

  return {
    update(value) {
      if (ended) return;
      done = value;
      if (stream.isTTY) {
        const t = now();
        if (t - lastDraw >= redrawMs || done >= total) {
          lastDraw = t;
          draw();
        }
        return;
      }
      const tenth = Math.floor(fraction() * 10);
      if (tenth > lastTenth && tenth < 10) {
        lastTenth = tenth;
        stream.write(`${label}: ${counts()} (${tenth * 10}%), ${whole(rate())} ${unit}/s\n`);
      }
    },
    finish() {
      if (ended) return;
      ended = true;
      stream.write(
        stream.isTTY ? `\r\x1b[K✓ ${label}: ${summary()}\n` : `${label}: done, ${summary()}\n`,
      );
    },
    fail() {
      if (ended) return;
      ended = true;
      const where = `stopped at ${counts()} after ${elapsedSeconds().toFixed(1)} s`;
      stream.write(
        stream.isTTY ? `\r\x1b[K✗ ${label}: ${where}\n` : `${label}: failed, ${where}\n`,
      );
    },
  };
}

/** Runs work that reports progress, with a bar that ends as finished or failed. */
export async function withProgressBar<T>(
  stream: Writable & MaybeTty,
  label: string,
  total: number,
  work: (update: (done: number) => void) => Promise<T>,
  options: ProgressBarOptions = {},
): Promise<T> {
  const bar = progressBar(stream, label, total, options);
  try {
    const result = await work((done) => {
      bar.update(done);
    });
    bar.finish();
    return result;
  } catch (error) {
    bar.fail();
    throw error;
  }
}
