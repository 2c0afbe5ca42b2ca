import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Transform, type Readable } from 'node:stream';

/** A byte stream read as lines, with the sha-256 of its bytes once the lines are all read. */
export interface StreamedLines {
  readonly lines: AsyncIterable<string>;
  readonly sha256: () => string;
}

/**
 * Reads a stream line by line (LF or CRLF) while hashing its bytes, without holding the whole
 * of it: readline pauses the source while lines wait to be taken, so memory stays flat in the
 * size of the file. The hash is complete once the last line has been taken.
 */
export function streamLines(input: Readable): StreamedLines {
  const hash = createHash('sha256');
  let digest: string | null = null;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  input.on('error', (error) => tap.destroy(error));
  input.pipe(tap);
  const reader = createInterface({ input: tap, crlfDelay: Infinity });
  // The iterator is taken now, not at the caller's first `for await`: readline starts reading
  // at once, and lines it emits before an iterator exists are lost (the first chunk of a file
  // whenever the caller awaits something, such as BEGIN on a server, before its loop).
  const iterator = reader[Symbol.asyncIterator]();
  return {
    lines: { [Symbol.asyncIterator]: () => iterator },
    sha256: () => (digest ??= hash.digest('hex')),
  };
}
