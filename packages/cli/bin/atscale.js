#!/usr/bin/env node
// The `atscale` command. A committed file, so that `npm install` can link it before anything is
// built; the command itself is compiled into dist/ by `npm run build` (which `npm start` runs).
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('atscale: not built yet. Run `npm run build` (or `npm start`) first.\n');
  process.exit(1);
}
await import(main.href);
