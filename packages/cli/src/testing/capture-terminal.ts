import { PassThrough, Readable } from 'node:stream';
import type { Terminal } from '../terminal/terminal.js';

/** A terminal for tests: stdin gives `input`, and what the command printed can be read back. */
export interface CapturedTerminal extends Terminal {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
}

/** A non-interactive terminal whose standard input holds `input` (e.g. a password line). */
export function captureTerminal(input = ''): CapturedTerminal {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return {
    stdin: Readable.from(input ? [input] : []),
    stdout,
    stderr,
    out: () => out,
    err: () => err,
  };
}
