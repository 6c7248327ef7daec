import { acquireDataLock } from '../store/data-lock.js';
import { openStore } from '../store/store.js';
import { systemClock } from '../kernel/clock.js';
import { insertMachine, listMachines } from '../machines/registry.js';
import { startSimulatedMachine, type SimulatedMachine } from '../machines/sim/simulated-machine.js';
import type { SimFaults } from '../machines/sim/wire.js';
import { startRolandDevice } from '../toolpaths/roland-sim.js';
import { polylineLength } from '../toolpaths/plan.js';
import { errorMessage, parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk simulate --firmware grbl|marlin [--faults LIST] [--advanced-ok] [--time-scale N] [--demo]
  Runs a simulated machine on a pseudo-terminal (socat) and prints its device path on the first line; open that
  path like a USB machine (in the app: a serial machine with a typed path). Runs until interrupted (Ctrl-C).
  --faults  comma list of name=value: corrupt, drop-byte, drop-ok, dup-ok, resend, garbage, malformed-status
            (probabilities 0..1 per line), disconnect-after (lines), latency (ms each way), baud (pacing)
  --demo    run one Grbl and one Marlin and register both in the data directory as serial machines
cp-desk simulate --firmware rml|camm [--units 100|40]
  A simulated Roland mill (RML-1) or cutter (CAMM-GL): prints its device file first (write a job into it as into
  /dev/usb/lp0) and reports each job's tool path as it ends. --units: 100 per mm (SRM-20, MDX-40) or 40 (MDX-20,
  GX-24; the cutter's default).`;

const faultNames: Record<string, keyof SimFaults> = {
  corrupt: 'corruptLine',
  'drop-byte': 'dropByte',
  'drop-ok': 'dropOk',
  'dup-ok': 'duplicateOk',
  resend: 'resendRequest',
  garbage: 'garbage',
  'malformed-status': 'malformedStatus',
  'disconnect-after': 'disconnectAfterLines',
  latency: 'latencyMs',
  baud: 'baud',
};

/** Parses `corrupt=0.05,latency=2`; throws a sentence naming the bad part. */
export function parseFaults(list: string): SimFaults {
  const faults: SimFaults = {};
  for (const part of list.split(',').filter((p) => p.trim() !== '')) {
    const [name = '', raw = ''] = part.split('=').map((s) => s.trim());
    const key = faultNames[name];
    const value = Number(raw);
    if (key === undefined)
      throw new Error(`Unknown fault "${name}". Known: ${Object.keys(faultNames).join(', ')}.`);
    if (raw === '' || !Number.isFinite(value) || value < 0)
      throw new Error(`Fault "${name}" needs a number ≥ 0, e.g. ${name}=0.05.`);
    if (key !== 'disconnectAfterLines' && key !== 'latencyMs' && key !== 'baud' && value > 1) {
      throw new Error(`Fault "${name}" is a probability: between 0 and 1.`);
    }
    faults[key] = value;
  }
  return faults;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, dataDir } = parseCommandArgs(args, {
    firmware: { type: 'string' },
    faults: { type: 'string' },
    'advanced-ok': { type: 'boolean' },
    'time-scale': { type: 'string' },
    demo: { type: 'boolean' },
    units: { type: 'string' },
  });
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const demo = values.demo === true;
  const firmware = values.firmware;
  if (firmware === 'rml' || firmware === 'camm') return roland(firmware, values.units, io);
  if (!demo && firmware !== 'grbl' && firmware !== 'marlin') {
    io.err(usage);
    return 2;
  }
  let faults: SimFaults;
  try {
    faults = parseFaults(typeof values.faults === 'string' ? values.faults : '');
  } catch (error) {
    io.err(errorMessage(error));
    return 2;
  }
  const timeScale = typeof values['time-scale'] === 'string' ? Number(values['time-scale']) : 0.1;
  if (!Number.isFinite(timeScale) || timeScale < 0) {
    io.err('--time-scale needs a number ≥ 0 (1 is real time).');
    return 2;
  }
  const options = { faults, timeScale, advancedOk: values['advanced-ok'] === true };
  const machines: SimulatedMachine[] = [];
  try {
    for (const fw of demo ? (['grbl', 'marlin'] as const) : [firmware as 'grbl' | 'marlin']) {
      const machine = await startSimulatedMachine(fw, options);
      machines.push(machine);
      io.out(machine.path);
    }
    if (demo) register(dataDir, machines, io);
  } catch (error) {
    for (const m of machines) await m.close();
    io.err(errorMessage(error));
    return 1;
  }
  io.err(`Simulated ${machines.map((m) => m.firmware).join(' and ')} running. Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    for (const m of machines) m.sim.onDisconnect = () => resolve();
  });
  for (const m of machines) await m.close();
  return 0;
}

function register(dataDir: string, machines: SimulatedMachine[], io: CliIo): void {
  const lock = acquireDataLock(dataDir);
  const store = openStore({ dataDir, clock: systemClock });
  try {
    const taken = new Set(listMachines(store, true).map((m) => m.name.toLowerCase()));
    store.write({ actor: null, reason: 'cp-desk simulate --demo' }, (tx) => {
      for (const m of machines) {
        let name = m.firmware === 'grbl' ? 'Simulated Grbl (pty)' : 'Simulated Marlin (pty)';
        for (let i = 2; taken.has(name.toLowerCase()); i += 1) name = `${name.replace(/ \d+$/, '')} ${i}`;
        taken.add(name.toLowerCase());
        insertMachine(tx, {
          name,
          kind: m.firmware === 'grbl' ? 'cnc-router' : 'fff-printer',
          firmware: m.firmware,
          connection: { type: 'serial', path: m.path, baud: 115200 },
          workArea: null,
        });
        io.err(`Registered "${name}" at ${m.path}.`);
      }
    });
  } finally {
    store.close();
    lock.release();
  }
}

/** A simulated Roland behind a FIFO: prints the device path, then one line per finished job until interrupted. */
async function roland(language: 'rml' | 'camm', unitsFlag: unknown, io: CliIo): Promise<number> {
  const units = typeof unitsFlag === 'string' ? Number(unitsFlag) : language === 'rml' ? 100 : 40;
  if (units !== 100 && units !== 40) {
    io.err('--units is 100 (0.01 mm) or 40 (0.025 mm).');
    return 2;
  }
  let device;
  try {
    device = startRolandDevice({ language, unitsPerMm: units });
  } catch (error) {
    io.err(errorMessage(error));
    return 1;
  }
  io.out(device.path);
  io.err(
    `Simulated Roland ${language === 'rml' ? 'mill (RML-1)' : 'cutter (CAMM-GL)'} running. Ctrl-C to stop.`,
  );
  let running = true;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      running = false;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const report = async (): Promise<void> => {
    while (running) {
      const job = await Promise.race([device.nextJob(), stopped.then(() => null)]);
      if (job === null) return;
      const length = job.program.strokes.reduce((a, s) => a + polylineLength(s.points), 0);
      io.err(
        job.error !== null
          ? `Job refused after ${job.bytes} bytes: ${job.error}`
          : `Job done: ${job.bytes} bytes, ${job.program.strokes.length} cuts, ${length.toFixed(1)} mm of cut.`,
      );
    }
  };
  await report();
  await device.close();
  return 0;
}
