import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Bounds } from '../files/bounds.js';
import { acceptedExtensions, kindFromName, parseFile, type FileSummary } from '../files/formats.js';
import { parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk inspect FILE [--json]
  Parses a G-code, OpenSBP (.sbp) or model file as the library does and prints what it found: format, bounds, layers,
  segments or triangles, estimated time, filament and warnings (--json: the same summary the app shows).`;

/** `cp-desk inspect FILE [--json]`: exit 0 when parsed, 1 when the file is refused or missing, 2 for bad usage. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, true);
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) {
    io.err(usage);
    return 2;
  }
  const name = basename(path);
  if (!existsSync(path) || !statSync(path).isFile()) {
    io.err(`${name}: there is no such file.`);
    return 1;
  }
  const kind = kindFromName(name);
  if (kind === null) {
    io.err(`${name}: not a file the library takes (use ${acceptedExtensions.join(' ')}).`);
    return 1;
  }
  const bytes = await readFile(path);
  const started = performance.now();
  const outcome = parseFile(kind, bytes, name);
  const ms = performance.now() - started;
  if (!outcome.ok) {
    if (values.json === true)
      io.out(JSON.stringify({ file: name, ok: false, problem: outcome.message }, null, 2));
    else io.err(outcome.message);
    return 1;
  }
  if (values.json === true) {
    io.out(JSON.stringify({ file: name, ok: true, summary: outcome.summary }, null, 2));
    return 0;
  }
  for (const line of describe(name, outcome.summary, ms)) io.out(line);
  return 0;
}

const mm = (v: number) => (Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(2)} m` : `${v.toFixed(1)} mm`);
const size = (b: Bounds | null, onBed = false) => {
  if (b === null) return 'none';
  // A print stands on the bed: its height is the top layer's Z.
  const d = [0, 1, 2].map((k) => (b.max[k]! - (onBed && k === 2 ? 0 : b.min[k]!)).toFixed(2));
  return `${d.join(' × ')} mm  (from ${b.min.join(', ')} to ${b.max.join(', ')})`;
};

/** Human-readable: "2 h 05 min". */
export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

function describe(name: string, s: FileSummary, ms: number): string[] {
  const lines = [name];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(12)} ${value}`);
  if (s.format === 'gcode') {
    row(
      'format',
      `G-code, ${s.flavor === 'fff' ? '3D printer' : s.flavor === 'laser' ? 'laser' : 'CNC'}${s.slicer === null ? '' : ` (${s.slicer})`}${s.inches ? ', inches' : ''}`,
    );
    row('lines', s.lines.toLocaleString('en'));
    row(
      'segments',
      `${s.segments.toLocaleString('en')}${s.arcs > 0 ? ` (${s.arcs.toLocaleString('en')} arcs)` : ''}`,
    );
    row('layers', `${s.layers} (${s.layerSource})`);
    row('size', size(s.bounds, s.flavor === 'fff'));
    row('reach', size(s.travelBounds));
    row('distance', `${mm(s.workingMm)} working, ${mm(s.travelMm)} travel`);
    row(
      'time',
      s.estimatedSeconds === null ? 'unknown' : `${duration(s.estimatedSeconds)} (${s.estimateSource ?? ''})`,
    );
    if (s.filamentMm !== null) {
      row(
        'filament',
        `${mm(s.filamentMm)}${s.filamentGrams === null ? '' : `, ${s.filamentGrams} g`} (${s.filamentSource ?? ''})`,
      );
    }
    if (s.tools.length > 0) row('tools', s.tools.map((t) => `T${t}`).join(' '));
    if (s.thumbnails.length > 0)
      row('thumbnails', s.thumbnails.map((t) => `${t.width}×${t.height} ${t.format}`).join(', '));
  } else if (s.format === 'sbp') {
    const unitsFrom = {
      'unit check': "the file's unit check",
      comment: 'a UNITS comment',
      assumed: 'assumed',
    }[s.unitsSource];
    row(
      'format',
      `OpenSBP (ShopBot part file), ${s.units === 'in' ? 'inches' : 'millimetres'} (${unitsFrom})`,
    );
    row('lines', s.lines.toLocaleString('en'));
    row(
      'segments',
      `${s.segments.toLocaleString('en')}${s.arcs > 0 ? ` (${s.arcs.toLocaleString('en')} arcs)` : ''}`,
    );
    row('layers', String(s.layers));
    row('size', size(s.bounds));
    row('reach', size(s.travelBounds));
    row('distance', `${mm(s.workingMm)} cutting (moves), ${mm(s.travelMm)} jogging`);
    row(
      'time',
      s.estimatedSeconds === null ? 'unknown' : `${duration(s.estimatedSeconds)} (from MS/JS speeds)`,
    );
    const perSecond = s.units === 'in' ? 'in/s' : 'mm/s';
    const speed = (v: number | null) => (v === null ? '?' : String(v));
    row(
      'speeds',
      `move ${speed(s.speeds.moveXY)}, ${speed(s.speeds.moveZ)} ${perSecond}; jog ${speed(s.speeds.jogXY)}, ${speed(s.speeds.jogZ)} ${perSecond}`,
    );
    if (s.tools.length > 0) row('tools', s.tools.map((t) => `T${t}`).join(' '));
    for (const c of s.toolChanges)
      row(
        'tool change',
        `line ${c.line}: C${c.macro}${c.tool === null ? ' (tool not named)' : `, tool ${c.tool}`}`,
      );
    const other = s.macros.filter((m) => m !== 9);
    if (other.length > 0) row('custom cuts', other.map((m) => `C${m}`).join(' '));
    for (const n of s.notes) lines.push(`  line ${n.line}: ${n.message}`);
  } else {
    row('format', `${s.format.toUpperCase()}, ${s.detail}`);
    row('triangles', s.triangles.toLocaleString('en'));
    row('size', size(s.bounds));
    row(
      'volume',
      `${(s.volumeMm3 / 1000).toFixed(2)} cm³${s.watertight ? '' : ' (not closed: approximate)'}`,
    );
    row('watertight', s.watertight ? 'yes' : 'no');
  }
  row('parsed in', `${Math.round(ms)} ms`);
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  return lines;
}
