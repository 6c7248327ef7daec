import { afterEach, describe, expect, it } from 'vitest';
import { parseFaults, run as simulate } from '../../../main/cli/simulate.js';
import { run as stream } from '../../../main/cli/stream.js';
import { MachineSession } from '../../../main/machines/session.js';
import { systemClock } from '../../../main/kernel/clock.js';
import { syntheticProgram } from '../../helpers/gcode-program.js';
import { ptyFixture, waitFor } from '../../helpers/pty.js';
import { tempDir } from '../../helpers/temp-dir.js';

const fixture = ptyFixture();
afterEach(() => fixture.cleanup());

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

describe('cp-desk stream', () => {
  it('streams a file to a Grbl on a serial path and exits 0 when every line was acknowledged', async () => {
    const machine = await fixture.machine('grbl');
    const program = syntheticProgram(3000);
    const path = fixture.file('job.nc', program.text);
    const c = io();
    expect(await stream(['--port', machine.path, '--firmware', 'grbl', path], c.io)).toBe(0);
    expect(c.out.at(-1)).toBe('job.nc: every line acknowledged.');
    expect(c.out.at(-2)).toMatch(/100\.0%/);
  });

  it('exits 1 naming the failing line when the controller refuses one', async () => {
    const machine = await fixture.machine('grbl');
    const path = fixture.file('bad.nc', 'G21 G90\nG1 X1 F100\nG1 X2 Q7\nG1 X3\n');
    const c = io();
    expect(await stream(['--port', machine.path, '--firmware', 'grbl', path], c.io)).toBe(1);
    expect(c.err.at(-1)).toMatch(/bad\.nc: failed at line 3\. Line 3 \("G1 X2 Q7"\) was refused: error 20/);
  });

  it('streams to a Marlin printer with a noisy line and still exits 0', async () => {
    const machine = await fixture.machine('marlin', { faults: { corruptLine: 0.05 } });
    const path = fixture.file('print.gcode', syntheticProgram(1000).text);
    const c = io();
    expect(await stream(['--port', machine.path, '--firmware', 'marlin', path], c.io)).toBe(0);
  });

  it('explains bad usage with exit 2', async () => {
    const c = io();
    expect(await stream(['--firmware', 'grbl', 'x.nc'], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/^cp-desk stream --port PATH/);
  });
});

describe('cp-desk simulate', () => {
  it('prints a device path on its first line that a session can open, and stops when interrupted', async () => {
    const dir = tempDir();
    const c = io();
    const running = simulate(['--firmware', 'marlin', '--data', dir.path], c.io);
    const path = await waitFor(() => c.out[0], 5000, 'the device path');
    const session = new MachineSession(
      { machineId: 1, firmware: 'marlin', path, baud: 115200 },
      {},
      systemClock,
    );
    await session.connect();
    expect(session.snapshot().firmwareVersion).toMatch(/Marlin/);
    await session.disconnect();
    process.emit('SIGINT');
    expect(await running).toBe(0);
    dir.remove();
  });

  it('reads fault lists and refuses nonsense with a sentence', () => {
    expect(parseFaults('corrupt=0.05, latency=2,baud=115200')).toEqual({
      corruptLine: 0.05,
      latencyMs: 2,
      baud: 115200,
    });
    expect(() => parseFaults('gremlins=1')).toThrow(/Unknown fault "gremlins"/);
    expect(() => parseFaults('corrupt=5')).toThrow(/probability/);
  });
});
