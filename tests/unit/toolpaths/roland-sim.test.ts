import { createWriteStream, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCamm } from '../../../main/toolpaths/camm.js';
import { PRESETS, planRaster } from '../../../main/toolpaths/plan.js';
import { decodePngBitmap } from '../../../main/toolpaths/png.js';
import { writeRml } from '../../../main/toolpaths/rml.js';
import { startRolandDevice, type RolandDevice } from '../../../main/toolpaths/roland-sim.js';
import { parseSvg } from '../../../main/toolpaths/svg.js';
import type { Stroke } from '../../../main/toolpaths/types.js';
import { planCut, VINYL_PRESET } from '../../../main/toolpaths/vinyl.js';

const devices: RolandDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
});

/** The host side: writes the job into the device file in 100-byte pieces, as a sender would, then closes it. */
async function send(path: string, text: string): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 100 });
  for (let i = 0; i < text.length; i += 100) {
    if (!out.write(text.slice(i, i + 100), 'latin1'))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function expectSamePath(recorded: Stroke[], planned: Stroke[], unit: number): void {
  expect(recorded).toHaveLength(planned.length);
  recorded.forEach((s, i) => {
    const p = planned[i]!;
    expect(Math.abs(s.z - p.z)).toBeLessThanOrEqual(unit / 2 + 1e-9);
    expect(s.points).toHaveLength(p.points.length);
    s.points.forEach(([x, y], k) => {
      expect(Math.abs(x - p.points[k]![0])).toBeLessThanOrEqual(unit / 2 + 1e-9);
      expect(Math.abs(y - p.points[k]![1])).toBeLessThanOrEqual(unit / 2 + 1e-9);
    });
  });
}

/** Pacing without sleeping: the device asks to wait; we add it up and let it go on at once. */
function pacing() {
  const asked = { ms: 0 };
  return { asked, wait: (ms: number) => ((asked.ms += ms), new Promise<void>((r) => setImmediate(r))) };
}

describe('simulated Roland mill and cutter behind a device file (FIFO)', () => {
  it('the mill draws the planned board outline (RML-1, SRM-20 units), paced at its byte rate', async () => {
    const bm = decodePngBitmap(readFileSync('tests/fixtures/pcb/synth-hello.interior.png'));
    const plan = planRaster(bm, bm.dpi!, PRESETS['pcb-outline']);
    const text = writeRml(plan.strokes, {
      unitsPerMm: 100,
      speed: 4,
      plungeSpeed: 4,
      jogZ: 2,
      home: [0, 152.4, 60.5],
    });
    const pace = pacing();
    const device = startRolandDevice({ language: 'rml', bytesPerSecond: 2000, wait: pace.wait });
    devices.push(device);
    const done = device.nextJob();
    await send(device.path, text);
    const job = await done;
    expect(job.error).toBeNull();
    expect(job.bytes).toBe(Buffer.byteLength(text, 'latin1'));
    expectSamePath(job.program.strokes, plan.strokes, 0.01);
    expect(pace.asked.ms).toBeCloseTo((job.bytes / 2000) * 1000, 6);
  });

  it('the cutter draws the planned sticker (CAMM-GL, 0.025 mm units) and each closed shape closes', async () => {
    const cut = planCut(parseSvg(readFileSync('tests/fixtures/pcb/vinyl-sticker.svg', 'utf8')), {
      ...VINYL_PRESET,
      bladeOffset: 0,
    });
    const text = writeCamm(cut.strokes, { unitsPerMm: 40, force: 50, speed: 2 });
    const device = startRolandDevice({ language: 'camm', wait: pacing().wait });
    devices.push(device);
    const done = device.nextJob();
    await send(device.path, text);
    const job = await done;
    expect(job.error).toBeNull();
    expectSamePath(job.program.strokes, cut.strokes, 0.025);
    for (const s of job.program.strokes) expect(s.points[s.points.length - 1]).toEqual(s.points[0]);
  });

  it('refuses a malformed command: the job stops there and the next job runs normally', async () => {
    const device = startRolandDevice({ language: 'rml', wait: pacing().wait });
    devices.push(device);
    let done = device.nextJob();
    await send(device.path, 'PA;PU100,100;Z100,100,-10;Z200,100,-10;QQ1;Z300,100,-10;PU0,0;');
    const bad = await done;
    expect(bad.error).toMatch(/Unknown RML-1 command "QQ" at byte 39/);
    expect(bad.program.strokes.map((s) => s.points)).toEqual([
      [
        [1, 1],
        [2, 1],
      ],
    ]);
    done = device.nextJob();
    await send(device.path, 'PA;PU0,0;Z0,0,-5;Z100,0,-5;');
    const good = await done;
    expect(good.error).toBeNull();
    expect(device.jobs).toHaveLength(2);
  });
});
