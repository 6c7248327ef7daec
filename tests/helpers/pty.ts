import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrblSimOptions } from '../../main/machines/sim/grbl-sim.js';
import type { MarlinSimOptions } from '../../main/machines/sim/marlin-sim.js';
import {
  startSimulatedMachine,
  type SimFirmware,
  type SimulatedMachine,
} from '../../main/machines/sim/simulated-machine.js';
import { tempDir } from './temp-dir.js';

/**
 * Simulated machines behind real pseudo-terminals (socat), each test with its own temp dir. `cleanup()` kills
 * exactly the socat processes this fixture started (by PID) and removes the directories.
 */
export function ptyFixture() {
  const machines: SimulatedMachine[] = [];
  const dirs: { remove(): void }[] = [];
  return {
    /** `ptyDir` (from `dir()`) keeps the device path across an unplug, for "plug it back in". */
    async machine(
      firmware: SimFirmware,
      options: GrblSimOptions | MarlinSimOptions = {},
      ptyDir?: string,
    ): Promise<SimulatedMachine> {
      const m = await startSimulatedMachine(firmware, options, ptyDir);
      machines.push(m);
      return m;
    },
    /** A fresh temp dir removed at cleanup. */
    dir(): string {
      const dir = tempDir('cp-desk-pty-');
      dirs.push(dir);
      return dir.path;
    },
    /** Writes a program to a file in a fresh temp dir and returns its path. */
    file(name: string, text: string): string {
      const dir = tempDir('cp-desk-job-');
      dirs.push(dir);
      const path = join(dir.path, name);
      writeFileSync(path, text, 'latin1');
      return path;
    },
    async cleanup(): Promise<void> {
      for (const m of machines.splice(0)) await m.close();
      for (const d of dirs.splice(0)) d.remove();
    },
  };
}

/** Polls `probe` (which may be async) every 10 ms until it gives a value, or throws naming `what`. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (performance.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
