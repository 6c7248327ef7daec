/**
 * Preview benchmark (VIEWER.md targets: ≥ 1 M lines/s and ≤ 32 B/segment on the 24.8 MB slicer file,
 * 3DBenchy.3mf ≤ 1 s). Baselines in the same run: gcode-preview 2.18's parser, three.js STLLoader and 3MFLoader.
 * Figures, not assertions: run it with `npm run bench:preview`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseGcode } from '../../main/files/gcode/parse-gcode.js';
import { encodeToolpath } from '../../main/files/encode.js';
import { parseStl } from '../../main/files/mesh/stl.js';
import { parse3mf } from '../../main/files/mesh/threemf.js';

const corpus = join(process.cwd(), '..', 'shared', 'corpus');
const LARGE = join(corpus, 'large/prusaslicer-2.5.0_benchy-x4_0.1mm.gcode');
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
};

interface BaselineParser {
  parseGCode(text: string): void;
  lines: string[];
  layers: { commands: unknown[] }[];
  preamble: { commands: unknown[] };
}

/** gcode-preview exports only its WebGL viewer; its parser class (X in the bundle) is exposed for this bench. */
async function loadBaseline(): Promise<(new () => BaselineParser) | null> {
  let bundle: string;
  try {
    const require = createRequire(import.meta.url);
    bundle = require.resolve('gcode-preview');
  } catch {
    return null;
  }
  const exposed = join(dirname(bundle), 'bench-parser.mjs');
  const source = readFileSync(bundle, 'utf8');
  const m = /class (\w+)\{constructor\(t\)\{this\.lines=\[\],this\.preamble=/.exec(source);
  if (m === null) return null;
  writeFileSync(exposed, `${source}\nexport { ${m[1]} as BenchParser };\n`);
  const mod = (await import(pathToFileURL(exposed).href)) as { BenchParser: new () => BaselineParser };
  return mod.BenchParser;
}

function best<T>(runs: number, fn: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value };
}

const row = (cells: (string | number)[]) =>
  console.log(cells.map((c, i) => String(c).padEnd(i === 0 ? 52 : 16)).join(''));

function gcodeSection(Baseline: (new () => BaselineParser) | null): void {
  console.log('\nG-code: lines/s and retained bytes per segment (best of 3)');
  row(['file / parser', 'time', 'lines/s', 'B/segment']);
  const files = [
    'gcode-fff/prusaslicer-2.6.1_benchy.gcode',
    'gcode-fff/arcwelder_benchy-arcs.gcode',
    'large/prusaslicer-2.5.0_benchy-x4_0.1mm.gcode',
  ];
  for (const file of files) {
    const path = join(corpus, file);
    if (!existsSync(path)) continue;
    const bytes = new Uint8Array(readFileSync(path));
    const ours = best(3, () => parseGcode(bytes));
    const s = ours.value.summary;
    const perSegment = encodeToolpath(ours.value.toolpath).byteLength / s.segments;
    row([
      `${file.split('/')[1]} / ours`,
      `${ours.ms.toFixed(0)} ms`,
      `${(((s.lines / ours.ms) * 1000) / 1e6).toFixed(2)} M`,
      perSegment.toFixed(1),
    ]);
    if (Baseline !== null) {
      const text = new TextDecoder().decode(bytes);
      const runs = file.startsWith('large') ? 1 : 3;
      const before = heap();
      const base = best(runs, () => {
        const p = new Baseline();
        p.parseGCode(text);
        return p;
      });
      const retained = heap() - before;
      const commands =
        base.value.preamble.commands.length + base.value.layers.reduce((n, l) => n + l.commands.length, 0);
      row([
        `${file.split('/')[1]} / gcode-preview 2.18`,
        `${base.ms.toFixed(0)} ms`,
        `${(((s.lines / base.ms) * 1000) / 1e6).toFixed(2)} M`,
        retained > 0 ? `${(retained / commands).toFixed(0)} per command` : 'n/a (GC noise)',
      ]);
    }
  }
}

async function meshSection(): Promise<void> {
  console.log('\nMeshes (best of 3; three.js loaders on the same bytes)');
  row(['file / parser', 'time', 'triangles', '']);
  const { STLLoader } = await import('three/examples/jsm/loaders/STLLoader.js');
  for (const file of [
    'models-stl/3DBenchy_gunwale_binary.stl',
    'models-stl/3DBenchy_cargo-box_ascii_DERIVED.stl',
    'models-stl/EDGE_tiny-empty-ascii.stl',
  ]) {
    const path = join(corpus, file);
    if (!existsSync(path)) continue;
    const bytes = new Uint8Array(readFileSync(path));
    const ours = best(3, () => parseStl(bytes));
    row([
      `${file.split('/')[1]} / ours + stats`,
      `${ours.ms.toFixed(1)} ms`,
      ours.value.summary.triangles,
      '',
    ]);
    try {
      const three = best(3, () => new STLLoader().parse(bytes.slice().buffer));
      row([
        `${file.split('/')[1]} / three STLLoader`,
        `${three.ms.toFixed(1)} ms`,
        (three.value.attributes.position?.count ?? 0) / 3,
        '',
      ]);
    } catch (error) {
      row([
        `${file.split('/')[1]} / three STLLoader`,
        'threw',
        (error as Error).name,
        (error as Error).message.slice(0, 40),
      ]);
    }
  }
  const benchy = join(corpus, 'models-3mf/3DBenchy.3mf');
  if (!existsSync(benchy)) return;
  const bytes = new Uint8Array(readFileSync(benchy));
  const ours = best(3, () => parse3mf(bytes));
  row([
    '3DBenchy.3mf / ours',
    `${ours.ms.toFixed(0)} ms`,
    ours.value.summary.triangles,
    ours.ms <= 1000 ? 'target ≤ 1 s met' : 'over 1 s',
  ]);
  if (process.argv.includes('--skip-3mfloader')) return;
  // 3MFLoader needs DOMParser, which Node lacks; happy-dom's stands in, in a child process with a 1.5 GB heap and a
  // 60 s limit, because it builds a DOM of every <vertex> (in Chromium it took 11–12 s here).
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=1536', fileURLToPath(import.meta.url), '--3mfloader-child', benchy],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  const verdict =
    child.error !== undefined
      ? 'over 60 s, stopped'
      : line !== ''
        ? line
        : /heap out of memory/.test(child.stderr)
          ? 'out of memory (1.5 GB)'
          : 'failed';
  row(['3DBenchy.3mf / three 3MFLoader (happy-dom DOMParser)', verdict, '', '']);
}

async function threeMfLoaderChild(path: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const { Window } = await import('happy-dom');
  (globalThis as unknown as { DOMParser: unknown }).DOMParser = new Window().DOMParser;
  const { ThreeMFLoader } = await import('three/examples/jsm/loaders/3MFLoader.js');
  const t0 = performance.now();
  new ThreeMFLoader().parse(bytes.buffer);
  console.log(`${(performance.now() - t0).toFixed(0)} ms`);
}

/** Peak resident memory of a fresh process that parses the large file once (so the figures are not mixed). */
function memoryChild(which: string): void {
  const started = process.memoryUsage().rss;
  void (async () => {
    const once = new Uint8Array(readFileSync(LARGE));
    // "ours ×4": the file four times over (~99 MB, 3.9 M lines), VIEWER.md's 100 MB memory goal.
    const copies = which === 'ours x4' ? 4 : 1;
    const bytes = new Uint8Array(once.length * copies);
    for (let k = 0; k < copies; k++) bytes.set(once, k * once.length);
    if (which.startsWith('ours')) {
      const t0 = performance.now();
      const r = parseGcode(bytes);
      const ms = performance.now() - t0;
      console.log(
        JSON.stringify({
          started,
          peak: process.resourceUsage().maxRSS * 1024,
          segments: r.summary.segments,
          note: `${(r.summary.lines / 1e6).toFixed(2)} M lines in ${ms.toFixed(0)} ms`,
        }),
      );
    } else {
      const Baseline = await loadBaseline();
      if (Baseline === null) return;
      const p = new Baseline();
      p.parseGCode(new TextDecoder().decode(bytes));
      console.log(
        JSON.stringify({ started, peak: process.resourceUsage().maxRSS * 1024, segments: p.lines.length }),
      );
    }
  })();
}

function memorySection(): void {
  if (!existsSync(LARGE)) return;
  console.log('\nPeak memory parsing the 24.8 MB file (fresh process each; RSS above a bare Node process)');
  row(['parser', 'peak RSS', 'above start', '']);
  for (const which of ['ours', 'gcode-preview', 'ours x4']) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), '--memory-child', which],
      { encoding: 'utf8' },
    );
    const line = child.stdout.trim().split('\n').pop();
    if (line === undefined || line === '') {
      row([which, 'n/a', child.stderr.split('\n')[0] ?? '', '']);
      continue;
    }
    const r = JSON.parse(line) as { started: number; peak: number; note?: string };
    row([
      which === 'ours x4' ? 'ours, file ×4 (99 MB)' : which,
      `${(r.peak / 2 ** 20).toFixed(0)} MB`,
      `${((r.peak - r.started) / 2 ** 20).toFixed(0)} MB`,
      r.note ?? '',
    ]);
  }
}

const at = process.argv.indexOf('--memory-child');
const loaderAt = process.argv.indexOf('--3mfloader-child');
if (loaderAt >= 0) {
  await threeMfLoaderChild(process.argv[loaderAt + 1] ?? '');
} else if (at >= 0) {
  memoryChild(process.argv[at + 1] ?? 'ours');
} else if (!existsSync(corpus)) {
  console.log(`The corpus is not at ${corpus}; nothing to measure.`);
} else {
  const Baseline = await loadBaseline();
  if (Baseline === null)
    console.log('gcode-preview is not installed (npm install -D gcode-preview): G-code baseline skipped.');
  gcodeSection(Baseline);
  await meshSection();
  memorySection();
}
