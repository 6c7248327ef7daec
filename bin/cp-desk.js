#!/usr/bin/env node
// The command-line entry of Community Production Desk: loads the bundled CLI (npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('cp-desk is not built yet: run `npm run build` (or `npm run serve`) first.\n');
  process.exit(1);
}
await import(cli.href);
