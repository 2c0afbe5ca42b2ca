import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNewPassword } from './read-password.js';
import type { InputStream, Terminal } from './terminal.js';

const piped = (input: string[]): Terminal => ({
  stdin: Readable.from(input),
  stdout: new PassThrough(),
  stderr: new PassThrough(),
});

/** A stand-in for a terminal: what a person types arrives as data events in raw mode. */
function keyboard(keys: string[]): { terminal: Terminal; shown: () => string; raw: boolean[] } {
  const stdin = new PassThrough() as PassThrough & InputStream;
  const raw: boolean[] = [];
  Object.assign(stdin, {
    isTTY: true,
    setRawMode: (on: boolean) => {
      raw.push(on);
      // Type the next answer once the prompt has switched echo off.
      if (on) setImmediate(() => stdin.write(keys.shift() ?? ''));
      return stdin;
    },
  });
  const stderr = new PassThrough();
  let shown = '';
  stderr.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
  return { terminal: { stdin, stdout: new PassThrough(), stderr }, shown: () => shown, raw };
}

describe('readNewPassword', () => {
  it('reads the first line of piped input, without its line ending', async () => {
    await expect(readNewPassword(piped(['first line pw\r\n', 'second\n']))).resolves.toBe(
      'first line pw',
    );
    await expect(readNewPassword(piped(['no newline at all']))).resolves.toBe('no newline at all');
  });

  it('says so when nothing is piped in', async () => {
    await expect(readNewPassword(piped([]))).rejects.toThrow(/No password/);
  });

  it('asks twice on a terminal, never echoes, and honours backspace', async () => {
    const { terminal, shown, raw } = keyboard(['secret-passwordX\x7f\r', 'secret-password\r']);
    await expect(readNewPassword(terminal)).resolves.toBe('secret-password');
    expect(shown()).toBe('Password: \nPassword again: \n');
    expect(raw).toEqual([true, false, true, false]);
  });

  it('refuses two different answers, and Ctrl+C', async () => {
    await expect(
      readNewPassword(keyboard(['one-password\r', 'two-password\r']).terminal),
    ).rejects.toThrow(/do not match/);
    await expect(readNewPassword(keyboard(['abc\x03']).terminal)).rejects.toThrow(/Cancelled/);
  });
});
