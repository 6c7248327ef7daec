import { FileRefused } from '../refusal.js';
import { expandArc } from './arcs.js';
import { emptyFacts, readFactComment, thumbnailHeader, type Thumbnail } from './header-comments.js';
import { finishGcode, type GcodeScan, type ParsedGcode } from './summary.js';
import { ARC_FLAG, MoveKind, SegmentSink } from './toolpath.js';

export type { ParsedGcode, GcodeSummary } from './summary.js';

/** Provisional kinds, resolved once the whole file is known (is it a printer, a laser, a mill?). */
const G1_TOOL_ON = 2; // becomes cut, or travel in a printer file
const G1_TOOL_OFF = 3; // G1 before M3/M4: travel if the file ever switches a spindle/laser on, else cut

const POW10 = Array.from({ length: 24 }, (_, k) => 10 ** k);
const AXIS = { e: 4, f: 5, i: 8, j: 9, k: 10, p: 15, r: 17, s: 18, t: 19, x: 23, y: 24, z: 25 } as const;
const bit = (letter: number) => 1 << letter;
const XYZ = bit(AXIS.x) | bit(AXIS.y) | bit(AXIS.z);
const ARC_WORDS = bit(AXIS.i) | bit(AXIS.j) | bit(AXIS.k) | bit(AXIS.r);

/**
 * Parses G-code bytes straight into typed arrays, one pass, no per-line strings (a 25 MB file is ~1 M lines).
 * Handles G0–G3 (I/J/K and R, planes G17/18/19, full circles, helical), G20/G21, G90/G91, G92/G92.1, G28, G53,
 * M82/M83, tools, N numbers and checksums, ';' and '()' comments, CRLF. Throws FileRefused for files that are not
 * G-code at all; everything odd but readable becomes a warning.
 */
export function parseGcode(bytes: Uint8Array): ParsedGcode {
  const buf = bytes;
  const n = buf.length;
  refuseNonText(buf);

  const sink = new SegmentSink(Math.ceil(n / 28));
  const val = new Float64Array(26);
  const gcodes = new Int32Array(8);
  const mcodes = new Int32Array(4);
  const scan: GcodeScan = {
    lines: 0,
    arcs: 0,
    badArcs: 0,
    unfedMm: 0,
    feedSeconds: 0,
    g0Mm: 0,
    g0FeedSeconds: 0,
    dwellP: 0,
    dwellS: 0,
    filamentMm: 0,
    sawExtrusion: false,
    sawSpindle: false,
    inches: false,
    tools: new Set<number>(),
    workOffsets: new Set<string>(),
    markerStarts: [],
    features: [],
    facts: emptyFacts(),
    thumbnails: [],
    endsWithNewline: n > 0 && buf[n - 1] === 10,
    byteLength: n,
  };

  let mx = 0;
  let my = 0;
  let mz = 0;
  let ox = 0;
  let oy = 0;
  let oz = 0;
  let eLogical = 0;
  let eMode = 0; // 0: follows G90/G91 (Marlin), 1: absolute (M82), 2: relative (M83)
  let absolute = true;
  let scale = 1;
  let motion = 0; // Grbl powers up in G0
  let plane: 17 | 18 | 19 = 17;
  let feed = 0;
  let tool = 0;
  let feature = 0;
  const featureIndex = new Map<string, number>();
  let spindleOn = false;
  let thumb: { width: number; height: number; format: Thumbnail['format']; parts: string[] } | null = null;

  sink.start(0, 0, 0);

  let line = 0;
  let i = 0;
  const decode = (from: number, to: number) =>
    String.fromCharCode.apply(null, buf.subarray(from, to) as unknown as number[]);

  const addSegment = (x: number, y: number, z: number, kind: number, fromG0: boolean) => {
    const p = sink.count * 3;
    const dx = x - sink.positions[p]!;
    const dy = y - sink.positions[p + 1]!;
    const dz = z - sink.positions[p + 2]!;
    const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (fromG0) {
      scan.g0Mm += d;
      if (feed > 0) scan.g0FeedSeconds += (d / feed) * 60;
    } else if (feed > 0) scan.feedSeconds += (d / feed) * 60;
    else scan.unfedMm += d;
    sink.push(x, y, z, kind, tool, feature, feed, line);
  };

  while (i < n) {
    line++;
    let words = 0;
    let bare = 0;
    let gCount = 0;
    let mCount = 0;
    while (i < n) {
      let c = buf[i]!;
      if (c === 10) break;
      if (c === 59) {
        const start = i + 1;
        while (i < n && buf[i] !== 10) i++;
        let end = i;
        if (end > start && buf[end - 1] === 13) end--;
        const wholeLine = words === 0 && gCount === 0 && mCount === 0;
        if (thumb !== null) {
          const text = decode(start, end);
          if (/^\s*thumbnail(_\w+)? end/.test(text)) {
            scan.thumbnails.push({
              width: thumb.width,
              height: thumb.height,
              format: thumb.format,
              base64: thumb.parts.join(''),
            });
            thumb = null;
          } else thumb.parts.push(text.trim());
        } else if (wholeLine) {
          const b0 = buf[start];
          if (
            b0 === 84 &&
            buf[start + 1] === 89 &&
            buf[start + 2] === 80 &&
            buf[start + 3] === 69 &&
            buf[start + 4] === 58
          ) {
            // ;TYPE:External perimeter (PrusaSlicer), ;TYPE:WALL-OUTER (Cura): what the following moves make.
            const name = decode(start + 5, end).trim();
            let index = featureIndex.get(name);
            if (index === undefined && featureIndex.size < 255 && name !== '') {
              index = featureIndex.size + 1;
              featureIndex.set(name, index);
              scan.features.push(name);
            }
            feature = index ?? 0;
          } else if (b0 === 76 /* L */) {
            if (isLayerMarker(buf, start))
              scan.markerStarts.push(scan.markerStarts.length === 0 ? 0 : sink.count);
          } else if (b0 === 32 || (b0 === 84 && buf[start + 1] === 73) || b0 === 70 || b0 === 71) {
            if (end - start < 400) {
              const text = decode(start, end);
              const header = thumbnailHeader(text);
              if (header !== null) thumb = { ...header, parts: [] };
              else readFactComment(text, scan.facts);
            }
          }
        }
        break;
      }
      if (c === 40) {
        while (i < n && buf[i] !== 41 && buf[i] !== 10) i++;
        if (buf[i] === 41) i++;
        continue;
      }
      if (c <= 32) {
        i++;
        continue;
      }
      if (c === 42 || c === 36) {
        // '*' checksum ends the command; '$' lines are Grbl system commands, not motion.
        while (i < n && buf[i] !== 10) i++;
        break;
      }
      const letter = (c | 32) - 97;
      i++;
      if (letter < 0 || letter > 25) continue;
      while (i < n && (buf[i] === 32 || buf[i] === 9)) i++;
      // Number: sign, integer and fraction digits into one mantissa, divided once (exact for ≤ 15 digits).
      let neg = false;
      c = buf[i]!;
      if (c === 45) {
        neg = true;
        c = buf[++i]!;
      } else if (c === 43) c = buf[++i]!;
      let mant = 0;
      let digits = 0;
      let frac = 0;
      while (c >= 48 && c <= 57) {
        mant = mant * 10 + (c - 48);
        digits++;
        c = buf[++i]!;
      }
      if (c === 46) {
        c = buf[++i]!;
        while (c >= 48 && c <= 57) {
          mant = mant * 10 + (c - 48);
          digits++;
          frac++;
          c = buf[++i]!;
        }
      }
      if (digits === 0) {
        bare |= bit(letter);
        continue;
      }
      let v = frac === 0 ? mant : mant / (POW10[frac] ?? 10 ** frac);
      if (neg) v = -v;
      if (letter === 6) {
        if (gCount < 8) gcodes[gCount++] = Math.round(v * 10);
      } else if (letter === 12) {
        if (mCount < 4) mcodes[mCount++] = Math.round(v);
      } else if (letter !== 13) {
        words |= bit(letter);
        val[letter] = v;
      }
    }
    i++;
    if (words === 0 && gCount === 0 && mCount === 0) continue;

    for (let k = 0; k < mCount; k++) {
      const m = mcodes[k];
      if (m === 82) eMode = 1;
      else if (m === 83) eMode = 2;
      else if (m === 3 || m === 4) {
        spindleOn = true;
        scan.sawSpindle = true;
      } else if (m === 5) spindleOn = false;
    }
    // Axis words on an M line are settings (M201 X2500 = max acceleration), and T there names a tool, not a change.
    if (mCount > 0 && gCount === 0) continue;
    if (words & bit(AXIS.t)) {
      tool = Math.max(0, Math.min(255, Math.round(val[AXIS.t]!)));
      scan.tools.add(tool);
    }

    let lineMotion = -1;
    let nonModal = 0;
    let machineCoords = false;
    for (let k = 0; k < gCount; k++) {
      const g = gcodes[k]!;
      if (g === 0 || g === 10 || g === 20 || g === 30) lineMotion = motion = g / 10;
      else if (g === 170 || g === 180 || g === 190) plane = (g / 10) as 17 | 18 | 19;
      else if (g === 200) {
        scale = 25.4;
        scan.inches = true;
      } else if (g === 210) scale = 1;
      else if (g === 900 || g === 910) {
        absolute = g === 900;
        eMode = 0; // Marlin: G90/G91 also reset E to follow them; M82/M83 after them still win
      } else if (g === 920 || g === 921 || g === 922 || g === 280 || g === 100 || g === 40 || g === 300)
        nonModal = g;
      else if (g === 530) machineCoords = true;
      else if (g >= 540 && g <= 593) scan.workOffsets.add(`G${g % 10 === 0 ? g / 10 : (g / 10).toFixed(1)}`);
      else if (g === 800) motion = -1;
      else if (g === 310 || (g >= 382 && g <= 385)) nonModal = 310; // a probe stops where it touches: unknown here
    }
    if (words & bit(AXIS.f)) feed = val[AXIS.f]! * scale;
    const eRelative = eMode === 2 || (eMode === 0 && !absolute);

    if (nonModal === 920 || nonModal === 921 || nonModal === 922) {
      if (nonModal === 920 && (words & (XYZ | bit(AXIS.e))) !== 0) {
        if (words & bit(AXIS.x)) ox = mx - val[AXIS.x]! * scale;
        if (words & bit(AXIS.y)) oy = my - val[AXIS.y]! * scale;
        if (words & bit(AXIS.z)) oz = mz - val[AXIS.z]! * scale;
        if (words & bit(AXIS.e)) eLogical = val[AXIS.e]! * scale;
      } else {
        // G92.1, and a bare G92 as LinuxCNC's tests use it: cancel the offsets.
        ox = oy = oz = 0;
      }
      continue;
    }
    if (nonModal === 280 || nonModal === 300) {
      const listed = (words | bare) & XYZ;
      const homeAll = listed === 0;
      const tx = homeAll || listed & bit(AXIS.x) ? 0 : mx;
      const ty = homeAll || listed & bit(AXIS.y) ? 0 : my;
      const tz = homeAll || listed & bit(AXIS.z) ? 0 : mz;
      if (tx === 0) ox = 0;
      if (ty === 0) oy = 0;
      if (tz === 0) oz = 0;
      if (tx !== mx || ty !== my || tz !== mz) addSegment(tx, ty, tz, MoveKind.travel, true);
      mx = tx;
      my = ty;
      mz = tz;
      continue;
    }
    if (nonModal === 40) {
      if (words & bit(AXIS.p)) scan.dwellP += val[AXIS.p]!;
      if (words & bit(AXIS.s)) scan.dwellS += val[AXIS.s]!;
    }
    if (nonModal !== 0) continue; // G4 dwell, G10 offsets/retract: their words are not a move

    const mode = lineMotion >= 0 ? lineMotion : motion;
    if (mode < 0 || (words & (XYZ | bit(AXIS.e) | ARC_WORDS)) === 0) continue;

    let tx = mx;
    let ty = my;
    let tz = mz;
    if (words & bit(AXIS.x)) tx = axisTarget(val[AXIS.x]! * scale, mx, ox, absolute, machineCoords);
    if (words & bit(AXIS.y)) ty = axisTarget(val[AXIS.y]! * scale, my, oy, absolute, machineCoords);
    if (words & bit(AXIS.z)) tz = axisTarget(val[AXIS.z]! * scale, mz, oz, absolute, machineCoords);
    let de = 0;
    if (words & bit(AXIS.e)) {
      const ev = val[AXIS.e]! * scale;
      de = eRelative ? ev : ev - eLogical;
      eLogical = eRelative ? eLogical + ev : ev;
      scan.filamentMm += de;
    }
    const extruding = de > 1e-9;
    if (extruding) scan.sawExtrusion = true;
    const kind = extruding
      ? MoveKind.extrude
      : mode === 0
        ? MoveKind.travel
        : spindleOn
          ? G1_TOOL_ON
          : G1_TOOL_OFF;

    if (mode === 2 || mode === 3) {
      scan.arcs++;
      const hasR = (words & bit(AXIS.r)) !== 0;
      const hasIjk = (words & (bit(AXIS.i) | bit(AXIS.j) | bit(AXIS.k))) !== 0;
      const arcOk =
        (hasR || hasIjk) &&
        expandArc(
          {
            start: [mx, my, mz],
            end: [tx, ty, tz],
            offset: [
              words & bit(AXIS.i) ? val[AXIS.i]! * scale : 0,
              words & bit(AXIS.j) ? val[AXIS.j]! * scale : 0,
              words & bit(AXIS.k) ? val[AXIS.k]! * scale : 0,
            ],
            radius: hasR && !hasIjk ? val[AXIS.r]! * scale : null,
            plane,
            clockwise: mode === 2,
          },
          (x, y, z) => {
            addSegment(x, y, z, kind | ARC_FLAG, false);
          },
        ) > 0;
      if (!arcOk) {
        scan.badArcs++;
        if (tx !== mx || ty !== my || tz !== mz) addSegment(tx, ty, tz, kind, false);
      }
    } else if (tx !== mx || ty !== my || tz !== mz) {
      addSegment(tx, ty, tz, kind, mode === 0);
    }
    mx = tx;
    my = ty;
    mz = tz;
  }
  scan.lines = line;
  if (thumb !== null) scan.thumbnails.push({ ...thumb, base64: thumb.parts.join('') });

  resolveKinds(sink.kinds, sink.count, scan);
  return finishGcode(sink, scan);
}

function axisTarget(v: number, current: number, offset: number, absolute: boolean, machine: boolean): number {
  if (machine) return v;
  return absolute ? v + offset : current + v;
}

function isLayerMarker(buf: Uint8Array, at: number): boolean {
  // ";LAYER_CHANGE" (PrusaSlicer, Slic3r) or ";LAYER:n" (Cura); not ";LAYER_COUNT:" or ";LAYER_HEIGHT".
  if (buf[at + 1] !== 65 || buf[at + 2] !== 89 || buf[at + 3] !== 69 || buf[at + 4] !== 82) return false;
  const next = buf[at + 5];
  if (next === 58) return true;
  if (next !== 95) return false;
  return decodeAscii(buf, at, at + 12) === 'LAYER_CHANGE';
}

function decodeAscii(buf: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to && k < buf.length; k++) s += String.fromCharCode(buf[k]!);
  return s;
}

function resolveKinds(kinds: Uint8Array, count: number, scan: GcodeScan): void {
  for (let k = 0; k < count; k++) {
    const raw = kinds[k]!;
    const base = raw & 0x7f;
    if (base !== G1_TOOL_ON && base !== G1_TOOL_OFF) continue;
    const travel = scan.sawExtrusion || (base === G1_TOOL_OFF && scan.sawSpindle);
    kinds[k] = (raw & ARC_FLAG) | (travel ? MoveKind.travel : MoveKind.cut);
  }
}

function refuseNonText(buf: Uint8Array): void {
  let k = 0;
  while (k < buf.length && (buf[k] === 32 || buf[k] === 9 || buf[k] === 10 || buf[k] === 13)) k++;
  if (k === buf.length) throw new FileRefused('the file is empty.');
  const sample = Math.min(buf.length, 4096);
  let control = 0;
  for (let j = 0; j < sample; j++) {
    const c = buf[j]!;
    if (c === 0) throw new FileRefused('this is binary data, not G-code text.');
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  if (control > sample / 20) throw new FileRefused('this is binary data, not G-code text.');
}
