import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run as simulate } from '../../../main/cli/simulate.js';
import { waitFor } from '../../helpers/pty.js';
import { tempDir } from '../../helpers/temp-dir.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

describe('cp-desk simulate --firmware rml|camm', () => {
  it('prints the device file first, reports each job as it ends, and removes the file when interrupted', async () => {
    const dir = tempDir();
    const c = io();
    const running = simulate(['--firmware', 'camm', '--data', dir.path], c.io);
    const path = await waitFor(() => c.out[0], 5000, 'the device path');
    // a host writes a job into the device file as into /dev/usb/lp0
    writeFileSync(path, 'IN;PA;!FS50;VS2;PU0,0;PD400,0;PD400,400;PD0,400;PD0,0;PU0,0;', 'latin1');
    const line = await waitFor(() => c.err.find((l) => l.startsWith('Job')), 10_000, 'the job report');
    expect(line).toBe('Job done: 60 bytes, 1 cuts, 40.0 mm of cut.');
    process.emit('SIGINT');
    expect(await running).toBe(0);
    expect(existsSync(path)).toBe(false);
    dir.remove();
  });

  it('refuses units other than 100 or 40', async () => {
    const c = io();
    expect(await simulate(['--firmware', 'rml', '--units', '25'], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/--units is 100/);
  });
});
