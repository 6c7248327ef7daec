import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { hashFile, type JobProgressRecord } from '../machines/job-runner.js';
import { MachineSession } from '../machines/session.js';
import { systemClock } from '../kernel/clock.js';
import { errorMessage, parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk stream --port PATH --firmware grbl|marlin [--baud N] FILE
  Streams a G-code file to a machine without the app, with a progress bar. Exits 0 only when the controller
  acknowledged every line; 1 with the failing line otherwise (2 for bad usage). Ctrl-C stops the job safely.`;

function bar(record: JobProgressRecord): string {
  const fraction = record.totalBytes === 0 ? 1 : record.ackedOffset / record.totalBytes;
  const filled = Math.round(fraction * 30);
  return `[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  line ${record.ackedLine}`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { port: { type: 'string' }, firmware: { type: 'string' }, baud: { type: 'string' } },
    true,
  );
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const [file, ...extra] = positionals;
  const port = values.port;
  const firmware = values.firmware;
  const baud = typeof values.baud === 'string' ? Number(values.baud) : 115200;
  if (
    file === undefined ||
    extra.length > 0 ||
    typeof port !== 'string' ||
    (firmware !== 'grbl' && firmware !== 'marlin')
  ) {
    io.err(usage);
    return 2;
  }
  if (!Number.isInteger(baud) || baud <= 0) {
    io.err(`--baud needs a whole number such as 115200, not "${String(values.baud)}".`);
    return 2;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    io.err(`${file}: there is no such file.`);
    return 1;
  }
  let finish: (record: JobProgressRecord) => void = () => undefined;
  const ended = new Promise<JobProgressRecord>((resolve) => (finish = resolve));
  let lastPrint = 0;
  const session = new MachineSession(
    { machineId: 0, firmware, path: port, baud },
    {
      progress: (record, isFinal) => {
        if (isFinal) finish(structuredClone(record));
        else if (performance.now() - lastPrint >= 1000) {
          lastPrint = performance.now();
          io.out(bar(record));
        }
      },
      console: (lines) => {
        for (const l of lines)
          if (l.direction !== 'out' && /error|alarm|halted|resend|lost|no answer/i.test(l.text))
            io.err(l.text);
      },
    },
    systemClock,
  );
  try {
    await session.connect();
    await session.startJob({ path: file, name: basename(file), sha256: await hashFile(file) });
  } catch (error) {
    io.err(errorMessage(error));
    await session.disconnect();
    return 1;
  }
  const onSignal = () => session.action('stop');
  process.on('SIGINT', onSignal);
  const record = await ended;
  process.off('SIGINT', onSignal);
  await session.disconnect();
  if (record.state === 'completed') {
    io.out(bar(record));
    io.out(`${record.name}: every line acknowledged.`);
    return 0;
  }
  io.err(
    `${record.name}: ${record.state} at line ${record.failedLine ?? record.ackedLine + 1}. ${record.reason ?? ''}`.trim(),
  );
  return 1;
}
