import type { Terminal } from './terminal.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Runs one step of long work and shows it on stderr: a spinner and then a tick with the time
 * taken on a terminal, or `label... done (1.2 s)` on one line in a log. PGlite works on this
 * thread, so the spinner pauses while it computes; the step line still says what is going on.
 */
export async function step<T>(
  terminal: Terminal,
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const err = terminal.stderr;
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  if (err.isTTY) {
    const draw = () => err.write(`\r${FRAMES[frame++ % FRAMES.length] ?? ''} ${label}`);
    draw();
    timer = setInterval(draw, 100);
  } else {
    err.write(`${label}... `);
  }
  const finish = (mark: string, word: string) => {
    clearInterval(timer);
    err.write(err.isTTY ? `\r\x1b[K${mark} ${label} (${elapsed()})\n` : `${word} (${elapsed()})\n`);
  };
  try {
    const result = await work();
    finish('✓', 'done');
    return result;
  } catch (error) {
    finish('✗', 'failed');
    throw error;
  }
}
