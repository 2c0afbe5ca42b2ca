import type { Readable, Writable } from 'node:stream';

/** A stream that may be a terminal; process.stdin and process.stderr are. */
export interface MaybeTty {
  readonly isTTY?: boolean | undefined;
}

/** Standard input, which may be a terminal we can switch to raw (no echo) mode. */
export type InputStream = Readable & MaybeTty & { setRawMode?: (raw: boolean) => unknown };

/**
 * Where a command reads and writes. Commands take one instead of using `process` directly so
 * tests can run them in-process and read what they printed.
 */
export interface Terminal {
  readonly stdin: InputStream;
  /** Results: what a script piping the command would want. */
  readonly stdout: Writable;
  /** Progress, prompts and warnings: for the person watching. */
  readonly stderr: Writable & MaybeTty;
}

/** The terminal of this process. */
export function processTerminal(): Terminal {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}
