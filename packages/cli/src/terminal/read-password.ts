import { AtscaleError } from '@atscale/domain';
import type { InputStream, Terminal } from './terminal.js';

/**
 * Reads a new password: on a terminal, asked for twice without echo and the two must match;
 * otherwise the first line of standard input, so scripts can pipe one in
 * (`printf '%s\n' "$PW" | atscale user add ...`).
 */
export async function readNewPassword(terminal: Terminal): Promise<string> {
  const { stdin, stderr } = terminal;
  if (stdin.isTTY && stdin.setRawMode) {
    const first = await readHidden(stdin, stderr, 'Password: ');
    const second = await readHidden(stdin, stderr, 'Password again: ');
    if (first !== second) throw new AtscaleError('validation-failed', 'The passwords do not match');
    return first;
  }
  const line = await readFirstLine(stdin);
  if (line === null) {
    throw new AtscaleError(
      'validation-failed',
      'No password: run this on a terminal to be asked for one, or give it as the first line of standard input',
    );
  }
  return line;
}

/**
 * The first line of a stream without its line ending (everything, if it has no newline), or
 * null when the stream ends with nothing in it.
 */
export async function readFirstLine(input: InputStream): Promise<string | null> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    // Stop at the first newline: stdin may stay open (a terminal-less ssh session).
    if (text.includes('\n')) break;
  }
  if (text.length === 0) return null;
  const line = text.split('\n', 1)[0] ?? '';
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\x7f', '\b']);
const CTRL_C = '\x03';
const CTRL_D = '\x04';

/** Asks for one line on a terminal in raw mode, so what is typed is never shown. */
function readHidden(
  stdin: InputStream,
  stderr: Terminal['stderr'],
  prompt: string,
): Promise<string> {
  stderr.write(prompt);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const done = (error: AtscaleError | null) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed.join(''));
    };
    const onData = (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      // An arrow or function key arrives as one escape sequence: it is not part of a password.
      if (text.startsWith('\x1b')) return;
      // Iterating a string walks code points, so a backspace removes a whole character.
      for (const char of text) {
        if (ENTER.has(char)) {
          done(null);
          return;
        }
        if (char === CTRL_C || (char === CTRL_D && typed.length === 0)) {
          done(new AtscaleError('validation-failed', 'Cancelled: no user was added'));
          return;
        }
        if (BACKSPACE.has(char)) typed = typed.slice(0, -1);
        else if (char >= ' ') typed.push(char);
      }
    };
    stdin.on('data', onData);
  });
}
