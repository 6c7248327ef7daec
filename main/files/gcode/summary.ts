import { BoundsBuilder, type Bounds } from '../bounds.js';
import type { SlicerFacts, Thumbnail } from './header-comments.js';
import { KIND_MASK, MoveKind, type SegmentSink, type Toolpath } from './toolpath.js';

/** What the scanner gathered on its one pass; turned into the summary once the whole file is known. */
export interface GcodeScan {
  lines: number;
  arcs: number;
  badArcs: number;
  /** Distance moved with no feed rate known yet (time cannot be estimated for it). */
  unfedMm: number;
  feedSeconds: number;
  g0Mm: number;
  g0FeedSeconds: number;
  dwellP: number;
  dwellS: number;
  filamentMm: number;
  sawExtrusion: boolean;
  sawSpindle: boolean;
  inches: boolean;
  tools: Set<number>;
  workOffsets: Set<string>;
  markerStarts: number[];
  /** Slicer feature names (;TYPE:) in order of first appearance. */
  features: string[];
  facts: SlicerFacts;
  thumbnails: { width: number; height: number; format: Thumbnail['format']; base64: string }[];
  endsWithNewline: boolean;
  byteLength: number;
}

/** What the UI, the CLI and the job queue show about a G-code file (JSON-safe). */
export interface GcodeSummary {
  format: 'gcode';
  /** fff: a 3D printer (extrusion seen); laser: M3/M4 with flat work; cnc: everything else. */
  flavor: 'fff' | 'laser' | 'cnc';
  slicer: string | null;
  lines: number;
  segments: number;
  arcs: number;
  /** Extents of extruding/cutting moves (what gets made); null when the file makes nothing. */
  bounds: Bounds | null;
  /** Extents of every move, travel included (what the machine must reach). */
  travelBounds: Bounds | null;
  layers: number;
  layerSource: 'slicer comments' | 'z heights' | 'z bands' | 'none';
  workingMm: number;
  travelMm: number;
  estimatedSeconds: number | null;
  estimateSource: 'slicer' | 'computed' | null;
  filamentMm: number | null;
  filamentGrams: number | null;
  filamentSource: 'slicer' | 'computed' | null;
  tools: number[];
  inches: boolean;
  workOffsets: string[];
  thumbnails: { width: number; height: number; format: Thumbnail['format'] }[];
  /** Slicer feature names (;TYPE:); segment feature k names `features[k - 1]`. */
  features: string[];
  warnings: string[];
}

export interface ParsedGcode {
  summary: GcodeSummary;
  toolpath: Toolpath;
  /** The largest PNG the slicer embedded, for the library list. */
  thumbnail: Thumbnail | null;
}

/** Rapid speed assumed for G0 on mills and lasers, which move as fast as they can; printers honour F on G0. */
const RAPID_MM_PER_MIN = 5000;
const round = (v: number, places = 2) => Math.round(v * 10 ** places) / 10 ** places;

export function finishGcode(sink: SegmentSink, scan: GcodeScan): ParsedGcode {
  const count = sink.count;
  const { positions, kinds } = sink;
  const working = new BoundsBuilder();
  const all = new BoundsBuilder();
  all.add(positions[0]!, positions[1]!, positions[2]!);
  let workingMm = 0;
  let travelMm = 0;
  const zStarts: number[] = [];
  let lastZ = NaN;
  for (let k = 0; k < count; k++) {
    const p = k * 3;
    const x0 = positions[p]!;
    const y0 = positions[p + 1]!;
    const z0 = positions[p + 2]!;
    const x = positions[p + 3]!;
    const y = positions[p + 4]!;
    const z = positions[p + 5]!;
    const d = Math.hypot(x - x0, y - y0, z - z0);
    all.add(x, y, z);
    if ((kinds[k]! & KIND_MASK) === MoveKind.travel) {
      travelMm += d;
      continue;
    }
    workingMm += d;
    working.add(x0, y0, z0);
    working.add(x, y, z);
    // Without slicer markers a layer starts where work resumes at a new height on a level move
    // (so helices and ramps do not each become a layer).
    if (Math.abs(z - z0) < 1e-6 && !(Math.abs(z - lastZ) <= 1e-4)) {
      zStarts.push(zStarts.length === 0 ? 0 : k);
      lastZ = z;
    }
  }
  const fromMarkers = scan.markerStarts.length > 0 && count > 0;
  const bands = !fromMarkers && scan.sawExtrusion && zStarts.length <= 1 ? heightBands(sink) : null;
  const layerStarts = count === 0 ? [] : fromMarkers ? scan.markerStarts : (bands ?? zStarts);
  const layerZ = layerStarts.map((start, index) => layerHeight(sink, start, layerStarts[index + 1] ?? count));

  const flavor: GcodeSummary['flavor'] = scan.sawExtrusion
    ? 'fff'
    : scan.sawSpindle && isFlat(working.result())
      ? 'laser'
      : 'cnc';
  const facts = scan.facts;
  const dwell = flavor === 'fff' ? scan.dwellP / 1000 + scan.dwellS : scan.dwellP + scan.dwellS;
  const g0Seconds = flavor === 'fff' ? scan.g0FeedSeconds : (scan.g0Mm / RAPID_MM_PER_MIN) * 60;
  const computedSeconds = count === 0 ? null : Math.round(scan.feedSeconds + g0Seconds + dwell);

  let filamentMm: number | null = null;
  let filamentGrams: number | null = null;
  let filamentSource: GcodeSummary['filamentSource'] = null;
  if (flavor === 'fff') {
    filamentSource = facts.filamentMm !== null ? 'slicer' : 'computed';
    filamentMm = round(facts.filamentMm ?? scan.filamentMm);
    const radius = (facts.filamentDiameter ?? 1.75) / 2;
    const density =
      facts.filamentDensity !== null && facts.filamentDensity > 0 ? facts.filamentDensity : 1.24;
    filamentGrams = round(facts.filamentGrams ?? (filamentMm * Math.PI * radius * radius * density) / 1000);
  }

  const warnings: string[] = [];
  if (count === 0) warnings.push('No moves found: the file has nothing to draw.');
  if (scan.badArcs > 0)
    warnings.push(
      `${scan.badArcs} arc(s) have no centre or a radius too short to reach their end point; drawn as straight lines.`,
    );
  // Slicers always end their output with a newline and a summary; a hand-written file may do neither.
  if (
    facts.slicer !== null &&
    (!scan.endsWithNewline || (facts.estimatedSeconds === null && facts.filamentMm === null))
  ) {
    warnings.push("The file seems cut off: the slicer's last lines are missing.");
  }
  if (scan.unfedMm > 0 && count > 0)
    warnings.push('Some moves have no feed rate, so the time estimate leaves them out.');
  if (scan.workOffsets.size > 1)
    warnings.push(
      `Uses several work offsets (${[...scan.workOffsets].join(', ')}); they are drawn on one origin.`,
    );

  let thumbnail: Thumbnail | null = null;
  for (const t of scan.thumbnails) {
    if (t.format !== 'png') continue;
    if (thumbnail === null || t.width * t.height > thumbnail.width * thumbnail.height) {
      thumbnail = {
        width: t.width,
        height: t.height,
        format: t.format,
        data: new Uint8Array(Buffer.from(t.base64, 'base64')),
      };
    }
  }

  const summary: GcodeSummary = {
    format: 'gcode',
    flavor,
    slicer: facts.slicer,
    lines: scan.lines,
    segments: count,
    arcs: scan.arcs,
    bounds: working.result(),
    travelBounds: count === 0 ? null : all.result(),
    layers: layerStarts.length,
    layerSource: fromMarkers
      ? 'slicer comments'
      : bands !== null
        ? 'z bands'
        : layerStarts.length > 0
          ? 'z heights'
          : 'none',
    workingMm: round(workingMm, 1),
    travelMm: round(travelMm, 1),
    estimatedSeconds: facts.estimatedSeconds ?? computedSeconds,
    estimateSource: facts.estimatedSeconds !== null ? 'slicer' : computedSeconds !== null ? 'computed' : null,
    filamentMm,
    filamentGrams,
    filamentSource,
    tools: [...scan.tools].sort((a, b) => a - b),
    inches: scan.inches,
    workOffsets: [...scan.workOffsets],
    thumbnails: scan.thumbnails.map(({ width, height, format }) => ({ width, height, format })),
    features: scan.features,
    warnings,
  };
  return { summary, toolpath: sink.finish(layerStarts, layerZ), thumbnail };
}

function layerHeight(sink: SegmentSink, start: number, end: number): number {
  for (let k = start; k < end; k++) {
    if ((sink.kinds[k]! & KIND_MASK) !== MoveKind.travel) return sink.positions[k * 3 + 5]!;
  }
  return start < sink.count ? sink.positions[start * 3 + 5]! : 0;
}

function isFlat(bounds: Bounds | null): boolean {
  return bounds !== null && bounds.max[2] - bounds.min[2] < 0.01;
}

const BAND_MM = 0.2;

/**
 * Spiral vases and non-planar prints rise on every move, so no level move marks a layer; cut them into 0.2 mm
 * height bands instead so the layer slider still works. Null when the work does not rise that far.
 */
function heightBands(sink: SegmentSink): number[] | null {
  const starts: number[] = [];
  let bandTop = -Infinity;
  for (let k = 0; k < sink.count; k++) {
    if ((sink.kinds[k]! & KIND_MASK) === MoveKind.travel) continue;
    const z = sink.positions[k * 3 + 5]!;
    if (z >= bandTop) {
      starts.push(starts.length === 0 ? 0 : k);
      bandTop = (Math.floor(z / BAND_MM + 1e-6) + 1) * BAND_MM;
    }
  }
  return starts.length > 1 ? starts : null;
}
