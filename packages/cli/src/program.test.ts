import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';

describe('atscale --help', () => {
  it('lists every verb', () => {
    const help = buildProgram().helpInformation();
    for (const verb of ['start', 'serve', 'migrate', 'user', 'backup', 'restore']) {
      expect(help).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
    }
  });

  it('gives start and serve the same flags', () => {
    const flags = (name: string) =>
      buildProgram()
        .commands.find((c) => c.name() === name)
        ?.options.map((o) => o.long);
    expect(flags('start')).toEqual(['--data', '--port', '--host']);
    expect(flags('serve')).toEqual(flags('start'));
  });
});
