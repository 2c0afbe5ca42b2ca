import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spoolUpload } from './spool-upload.js';

let parent: string;
beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'spool-test-'));
});
afterAll(() => rm(parent, { recursive: true, force: true }));

describe('spoolUpload', () => {
  it('turns a client gone mid-upload into a 400 and leaves no file behind', async () => {
    const outcome = new Promise<unknown>((resolve) => {
      const server = createServer((request) => {
        spoolUpload(request, 1_000_000, parent).then(resolve, resolve);
      });
      server.listen(0, () => {
        const { port } = server.address() as AddressInfo;
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n',
          );
          socket.write('nhs_number,code_system,code,date\n'.repeat(100));
          setTimeout(() => socket.destroy(), 50);
        });
      });
      setTimeout(() => server.close(), 2_000).unref();
    });
    const error = await outcome;
    expect(error).toMatchObject({ code: 'validation-failed', errors: [{ field: 'body' }] });
    expect(await readdir(parent)).toEqual([]);
  });

  it('keeps a whole body, and refuses one too large with 413, removing it', async () => {
    const { Readable } = await import('node:stream');
    const ok = await spoolUpload(Readable.from([Buffer.from('abc')]), 10, parent);
    expect(ok.bytes).toBe(3);
    await ok.remove();
    await expect(
      spoolUpload(Readable.from([Buffer.from('x'.repeat(11))]), 10, parent),
    ).rejects.toMatchObject({ code: 'body-too-large' });
    expect(await readdir(parent)).toEqual([]);
  });
});
