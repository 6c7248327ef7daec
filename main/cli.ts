import type { CliCommand, CliIo } from './cli/common.js';
import { errorMessage } from './cli/common.js';
import { run as serve } from './cli/serve.js';
import { run as backup } from './cli/backup.js';
import { run as restore } from './cli/restore.js';
import { run as inspect } from './cli/inspect.js';
import { run as simulate } from './cli/simulate.js';
import { run as stream } from './cli/stream.js';
import { run as toolpath } from './cli/toolpath.js';
import { run as verifyLedger } from './cli/verify-ledger.js';
import { APP_VERSION } from './version.js';

/**
 * cp-desk: the Desk without a window. Every command accepts --data DIR and --help.
 * Areas add their commands here (one line each).
 */
const commands: Record<string, { run: CliCommand; summary: string }> = {
  serve: { run: serve, summary: 'serve the app to a browser on this computer' },
  backup: { run: backup, summary: 'write a checked copy of the database' },
  restore: { run: restore, summary: 'replace the database with a backup (integrity checked first)' },
  inspect: { run: inspect, summary: 'show what a G-code or model file contains (--json for scripts)' },
  simulate: { run: simulate, summary: 'run a simulated Grbl or Marlin machine on a pseudo-terminal' },
  stream: { run: stream, summary: 'stream a G-code file to a machine with a progress bar' },
  toolpath: {
    run: toolpath,
    summary: 'plan a PCB (PNG) or vinyl cut (SVG) into a Roland RML-1 / CAMM-GL file',
  },
  'verify-ledger': {
    run: verifyLedger,
    summary: 'check that every journal entry balances and the hash chain is intact',
  },
};

function help(io: CliIo): void {
  io.out(`cp-desk ${APP_VERSION} — Community Production Desk\n\nCommands:`);
  for (const [name, c] of Object.entries(commands)) io.out(`  ${name.padEnd(14)} ${c.summary}`);
  io.out('\nEvery command accepts --data DIR (where the records live) and --help.');
}

export async function main(argv: string[]): Promise<number> {
  const io: CliIo = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.out(APP_VERSION);
    return 0;
  }
  const command = commands[name];
  if (command === undefined) {
    io.err(`Unknown command "${name}".`);
    help(io);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // parseArgs throws for unknown flags: say so in one line rather than a stack trace.
    io.err(errorMessage(error));
    return 2;
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
