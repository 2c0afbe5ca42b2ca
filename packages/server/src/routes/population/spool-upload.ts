import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AtscaleError } from '@atscale/domain';

/**
 * Writes an uploaded body to a private temporary file as it arrives (never all of it in
 * memory), refusing more than `maxBytes` with 413. `remove` deletes the file and its folder.
 * A client that goes away mid-upload is a 400 (the file ended early), never a 500, and its
 * partial file is removed before this rejects. `parent` is where the folder is made (tests).
 */
export async function spoolUpload(
  body: Readable,
  maxBytes: number,
  parent: string = tmpdir(),
): Promise<{ file: string; bytes: number; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(parent, 'atscale-upload-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, 'upload');
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        done(new AtscaleError('body-too-large', `The file is larger than ${maxBytes} bytes`));
        return;
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await remove();
    if (error instanceof AtscaleError) throw error;
    // The request stream failed: the connection was reset or closed before the body ended.
    throw new AtscaleError(
      'validation-failed',
      `body: the upload ended after ${bytes} bytes, before the file was complete`,
      [{ field: 'body', message: 'the upload was interrupted' }],
    );
  }
  return { file, bytes, remove };
}
