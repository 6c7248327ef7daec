import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MachineSession } from '../../../main/machines/session.js';
import { simulatedLinkOpener } from '../../../main/machines/sim/sim-link.js';
import { systemClock } from '../../../main/kernel/clock.js';
import { waitFor } from '../../helpers/pty.js';

/**
 * Issue 18: the console showed the firmware handshake twice (the simulated board, like an Arduino, restarts as the
 * port opens and the identify command was sent again at once) and each job error twice (the streamer's line and the
 * job's end). Through a real session on the simulators, each shows once.
 */
const dirs: string[] = [];
const sessions: MachineSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.disconnect();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(firmware: 'grbl' | 'marlin', program: string) {
  const dir = mkdtempSync(join(tmpdir(), 'desk-console-'));
  dirs.push(dir);
  const path = join(dir, 'part.gcode');
  writeFileSync(path, program);
  const session = new MachineSession(
    { machineId: 1, firmware, path: `simulated:${firmware}`, baud: 115200 },
    {},
    systemClock,
    simulatedLinkOpener(firmware),
  );
  sessions.push(session);
  await session.connect();
  await session.startJob({ path, name: 'Part', sha256: 'x' });
  await waitFor(() => session.lastJob !== null, 20_000, 'the job to end');
  return session.consoleLines(undefined, 500).map((l) => `${l.direction} ${l.text}`);
}

describe('console: each thing once', () => {
  it('Grbl: one $I handshake, and a refused job line reported once by the job end', async () => {
    const lines = await run('grbl', 'G21\nG90\nG1 X1 F100\nG5 X2\nG1 X3\n');
    expect(lines.filter((l) => l === 'out $I')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('in [OPT:'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('Unsupported command'))).toEqual([
      'info Part: failed. Line 4 ("G5 X2") was refused: error 20, Unsupported command. The line contains a G or M command the controller does not support.',
    ]);
  });

  it('Marlin: one M115 handshake and one firmware answer', async () => {
    const lines = await run('marlin', 'G28\nG1 X1 F1000\nG1 X2\n');
    expect(lines.filter((l) => l === 'out M115')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('in FIRMWARE_NAME:'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('info Part finished.');
  });
});
