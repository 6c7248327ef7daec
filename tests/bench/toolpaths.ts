/**
 * Toolpath planning benchmark: CPU time of our planner (PNG decode + exact distance transform + offsets + DRC +
 * order + depth passes) on each corpus input, beside the user-CPU figures of mods's own code for the same jobs
 * measured on this machine (tests/fixtures/pcb: corpus README, "mods run time"). Target: the ATP board's traces
 * (1854 × 1917 px, 4 offsets) under 1 s of CPU. Figures, not assertions: `npm run bench:toolpaths`.
 * Each job runs 3 times; the best is printed (the machine is shared).
 */
import { readFileSync } from 'node:fs';
import { planRaster, PRESETS, VINYL_RASTER_DIAMETER, type MillSettings } from '../../main/toolpaths/plan.js';
import { decodePngBitmap } from '../../main/toolpaths/png.js';

const dir = 'tests/fixtures/pcb';
const vinyl: MillSettings = {
  ...PRESETS['pcb-outline'],
  toolDiameter: VINYL_RASTER_DIAMETER,
  cutDepth: 0.1,
  maxDepth: 0.1,
};
const jobs: { name: string; file: string; settings: MillSettings; modsCpuS: number }[] = [
  {
    name: 'ATP.8E5 traces, 1/64", 4 offsets',
    file: 'ATP.8E5.traces.png',
    settings: PRESETS['pcb-traces'],
    modsCpuS: 6.1,
  },
  {
    name: 'ATP.8E5 outline, 1/32"',
    file: 'ATP.8E5.interior.png',
    settings: PRESETS['pcb-outline'],
    modsCpuS: 5.5,
  },
  {
    name: 'synth-hello traces, 4 offsets',
    file: 'synth-hello.traces.png',
    settings: PRESETS['pcb-traces'],
    modsCpuS: 2.5,
  },
  {
    name: 'synth-hello outline',
    file: 'synth-hello.interior.png',
    settings: PRESETS['pcb-outline'],
    modsCpuS: 1.5,
  },
  { name: 'vinyl sticker (raster)', file: 'vinyl-sticker.png', settings: vinyl, modsCpuS: 6.2 },
];

function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

console.log('Toolpath planning, CPU time (best of 3) — ours vs mods (user CPU, same jobs, this machine)\n');
console.log(
  `${'job'.padEnd(36)} ${'px'.padStart(10)} ${'ours ms'.padStart(9)} ${'mods ms'.padStart(9)}  ratio  loops  DRC`,
);
for (const job of jobs) {
  const bytes = readFileSync(`${dir}/${job.file}`);
  let best = Infinity;
  let loops = 0;
  let gaps = 0;
  let px = 0;
  for (let i = 0; i < 3; i += 1) {
    const ms = cpuMs(() => {
      const bm = decodePngBitmap(bytes);
      const plan = planRaster(bm, bm.dpi!, job.settings);
      loops = plan.lines.length;
      gaps = plan.gaps.length;
      px = bm.width * bm.height;
    });
    best = Math.min(best, ms);
  }
  const mods = job.modsCpuS * 1000;
  console.log(
    `${job.name.padEnd(36)} ${(px / 1e6).toFixed(2).padStart(8)} M ${best.toFixed(0).padStart(9)} ${mods.toFixed(0).padStart(9)}  ${(mods / best).toFixed(1).padStart(4)}×  ${String(loops).padStart(5)}  ${gaps}`,
  );
}
const target = jobs[0]!;
console.log(`\nTarget: ${target.name} under 1000 ms of CPU.`);
