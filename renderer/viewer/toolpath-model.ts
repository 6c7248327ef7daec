import { BufferAttribute, BufferGeometry, LineSegments, ShaderMaterial } from 'three';
import { ARC_FLAG, DRAW_BUDGET_SEGMENTS, KIND_MASK, MoveKind, type DecodedToolpath } from './decode.js';

/**
 * The toolpath on the GPU, built once per file. Work (extrude/cut) and travel are two line geometries in file
 * order, so every viewer control is cheap (VIEWER.md):
 * - layer range and in-layer sliders set each geometry's draw range (two binary searches);
 * - the travel toggle hides one object;
 * - colour mode sets one uniform (colours are picked on the GPU from kind, tool and speed bytes per vertex);
 * - live progress sets one uniform (segments before it are drawn as done).
 * Positions are never rebuilt after construction.
 */
export type ColorMode = 'feature' | 'kind' | 'speed' | 'tool';

export { DRAW_BUDGET_SEGMENTS };

const COLORS = {
  extrude: [232, 122, 36],
  extrudeArc: [245, 170, 60],
  cut: [40, 120, 220],
  cutArc: [70, 170, 240],
  travel: [150, 150, 160],
} as const;
const TOOL_COLORS = [
  [232, 122, 36],
  [40, 160, 90],
  [60, 110, 220],
  [200, 60, 140],
  [220, 190, 40],
  [120, 80, 200],
] as const;

/** Slicer features (;TYPE:) in order of first appearance; perimeters come first in most slicers' output. */
export const FEATURE_COLORS = [
  [255, 140, 40],
  [255, 200, 60],
  [170, 40, 40],
  [150, 60, 200],
  [220, 70, 120],
  [60, 160, 230],
  [60, 190, 110],
  [120, 200, 220],
  [200, 200, 80],
  [130, 100, 60],
  [90, 90, 220],
  [230, 110, 90],
] as const;

const MODES: Record<ColorMode, number> = { kind: 0, speed: 1, tool: 2, feature: 3 };
const vec3 = (c: readonly number[]) => `vec3(${c.map((v) => (v / 255).toFixed(3)).join(', ')})`;

// Colour is chosen on the GPU from per-vertex facts (kind, tool, speed bucket), so switching the colour mode is one
// uniform: no buffer is rewritten at all.
const vertexShader = `
attribute vec4 meta;
attribute float seg;
uniform float uDone;
uniform float uMode;
varying vec3 vColor;
varying float vDone;
vec3 toolColor(float t) {
  float i = mod(t, 6.0);
  if (i < 0.5) return ${vec3(TOOL_COLORS[0])};
  if (i < 1.5) return ${vec3(TOOL_COLORS[1])};
  if (i < 2.5) return ${vec3(TOOL_COLORS[2])};
  if (i < 3.5) return ${vec3(TOOL_COLORS[3])};
  if (i < 4.5) return ${vec3(TOOL_COLORS[4])};
  return ${vec3(TOOL_COLORS[5])};
}
vec3 kindColor(float kind, float arc) {
  if (kind < 0.5) return ${vec3(COLORS.travel)};
  if (kind < 1.5) return arc > 0.5 ? ${vec3(COLORS.extrudeArc)} : ${vec3(COLORS.extrude)};
  return arc > 0.5 ? ${vec3(COLORS.cutArc)} : ${vec3(COLORS.cut)};
}
vec3 speedColor(float t) {
  return vec3(clamp(2.0 * t - 0.5, 0.0, 1.0), (1.0 - abs(2.0 * t - 1.0)) * 0.85 + 0.12, clamp(1.5 - 2.0 * t, 0.0, 1.0));
}
vec3 featureColor(float f) {
${FEATURE_COLORS.map((c, k) => `  if (f < ${k + 1}.5) return ${vec3(c)};`).join('\n')}
  return ${vec3(FEATURE_COLORS[FEATURE_COLORS.length - 1]!)};
}
void main() {
  float packed = floor(meta.x * 255.0 + 0.5);
  float arc = packed >= 128.0 ? 1.0 : 0.0;
  float kind = packed - arc * 128.0;
  float tool = floor(meta.y * 255.0 + 0.5);
  float feature = floor(meta.w * 255.0 + 0.5);
  if (uMode < 0.5 || kind < 0.5 || (uMode > 2.5 && feature < 0.5)) vColor = kindColor(kind, arc);
  else if (uMode < 1.5) vColor = speedColor(meta.z);
  else if (uMode < 2.5) vColor = toolColor(tool);
  else vColor = featureColor(feature);
  vDone = seg < uDone ? 1.0 : 0.0;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;
const fragmentShader = `
uniform float uOpacity;
varying vec3 vColor;
varying float vDone;
void main() {
  // Done (acknowledged) moves fade to grey so what is left stands out.
  vec3 color = mix(vColor, vec3(0.42, 0.44, 0.48), vDone * 0.85);
  gl_FragColor = vec4(color, uOpacity);
}`;

interface Part {
  geometry: BufferGeometry;
  object: LineSegments;
  /** Source segment index of each drawn segment, ascending. */
  segments: Uint32Array;
  meta: BufferAttribute;
}

export class ToolpathModel {
  readonly work: Part;
  readonly travel: Part;
  readonly segmentCount: number;
  /** Merge length (mm) used to fit the budget: 0 when every move is drawn as it is. */
  readonly mergeLength: number;
  /** Segments actually drawn (work + travel). */
  readonly drawnCount: number;
  private readonly source: DecodedToolpath;
  private readonly materials: ShaderMaterial[] = [];

  constructor(toolpath: DecodedToolpath, budget = DRAW_BUDGET_SEGMENTS) {
    this.source = toolpath;
    this.segmentCount = toolpath.segments;
    let merge = 0;
    let count = this.countRuns(0);
    // Double the merge length until the drawing fits (each count is one pass over the kinds, no allocation).
    while (count.work + count.travel > budget && merge < 1e6) {
      merge = merge === 0 ? 0.05 : merge * 2;
      count = this.countRuns(merge);
    }
    this.mergeLength = merge;
    this.drawnCount = count.work + count.travel;
    this.work = this.buildPart(count.work, false, 1, merge);
    this.travel = this.buildPart(count.travel, true, 0.45, merge);
  }

  /**
   * Walks the moves in order and calls `emit(first, last, travel)` for each drawn segment: a run of consecutive
   * moves of one part with the same kind, tool and feature, inside one layer, until its length reaches `merge`.
   */
  private forEachRun(merge: number, emit: (first: number, last: number, travel: boolean) => void): void {
    const { positions, kinds, tools, features, layerStarts, segments } = this.source;
    let layer = 0;
    let nextLayer = layerStarts.length > 1 ? layerStarts[1]! : Infinity;
    let i = 0;
    while (i < segments) {
      while (i >= nextLayer) {
        layer++;
        nextLayer = layer + 1 < layerStarts.length ? layerStarts[layer + 1]! : Infinity;
      }
      const first = i;
      const kind = kinds[i]!;
      let length = 0;
      if (merge > 0) {
        for (;;) {
          const o = i * 3;
          const dx = positions[o + 3]! - positions[o]!;
          const dy = positions[o + 4]! - positions[o + 1]!;
          const dz = positions[o + 5]! - positions[o + 2]!;
          length += Math.sqrt(dx * dx + dy * dy + dz * dz); // not Math.hypot: several times slower in V8
          const next = i + 1;
          if (
            length >= merge ||
            next >= segments ||
            next >= nextLayer ||
            kinds[next] !== kind ||
            tools[next] !== tools[first] ||
            features[next] !== features[first]
          )
            break;
          i = next;
        }
      }
      emit(first, i, (kind & KIND_MASK) === MoveKind.travel);
      i++;
    }
  }

  private countRuns(merge: number): { work: number; travel: number } {
    const count = { work: 0, travel: 0 };
    if (merge === 0) {
      for (let i = 0; i < this.source.segments; i++)
        if ((this.source.kinds[i]! & KIND_MASK) === MoveKind.travel) count.travel++;
      count.work = this.source.segments - count.travel;
      return count;
    }
    this.forEachRun(merge, (_first, _last, travel) => {
      if (travel) count.travel++;
      else count.work++;
    });
    return count;
  }

  private buildPart(count: number, travel: boolean, opacity: number, merge: number): Part {
    const { positions, kinds, tools, feeds, features } = this.source;
    let minFeed = Infinity;
    let maxFeed = 0;
    for (let i = 0; i < this.source.segments; i++) {
      if ((kinds[i]! & KIND_MASK) === MoveKind.travel) continue;
      const f = feeds[i]!;
      if (f > 0 && f < minFeed) minFeed = f;
      if (f > maxFeed) maxFeed = f;
    }
    const span = maxFeed > minFeed ? maxFeed - minFeed : 1;
    const xyz = new Float32Array(count * 6);
    const seg = new Float32Array(count * 2);
    const meta = new Uint8Array(count * 8);
    const segments = new Uint32Array(count);
    let n = 0;
    this.forEachRun(merge, (first, last, isTravel) => {
      if (isTravel !== travel) return;
      const kind = kinds[first]!;
      // From the first move's start to the last move's end; greyed as done once its last move is done.
      xyz.set(positions.subarray(first * 3, first * 3 + 3), n * 6);
      xyz.set(positions.subarray(last * 3 + 3, last * 3 + 6), n * 6 + 3);
      seg[n * 2] = last;
      seg[n * 2 + 1] = last;
      segments[n] = first;
      const speed = Math.round(255 * Math.min(1, Math.max(0, (feeds[first]! - minFeed) / span)));
      for (let v = 0; v < 2; v++) {
        const o = n * 8 + v * 4;
        meta[o] = (kind & KIND_MASK) | (kind & ARC_FLAG ? 128 : 0);
        meta[o + 1] = tools[first]!;
        meta[o + 2] = speed;
        meta[o + 3] = features[first]!;
      }
      n++;
    });
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(xyz, 3));
    geometry.setAttribute('seg', new BufferAttribute(seg, 1));
    const metaAttribute = new BufferAttribute(meta, 4, true);
    geometry.setAttribute('meta', metaAttribute);
    geometry.computeBoundingSphere();
    const material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: { uDone: { value: 0 }, uMode: { value: 0 }, uOpacity: { value: opacity } },
      transparent: opacity < 1,
      depthWrite: opacity >= 1,
    });
    this.materials.push(material);
    const object = new LineSegments(geometry, material);
    object.frustumCulled = false;
    return { geometry, object, segments, meta: metaAttribute };
  }

  /** Recolours: one uniform per material, no buffer touched. */
  setColorMode(mode: ColorMode): void {
    for (const m of this.materials) m.uniforms.uMode!.value = MODES[mode];
  }

  /** Shows source segments [from, to): the layer range plus the in-layer slider. */
  setSegmentRange(from: number, to: number): void {
    for (const part of [this.work, this.travel]) {
      const lo = lowerBound(part.segments, from);
      const hi = lowerBound(part.segments, to);
      part.geometry.setDrawRange(lo * 2, Math.max(0, hi - lo) * 2);
    }
  }

  /** Segments [start, end) of layers first..last (inclusive). */
  layerSpan(first: number, last: number): [number, number] {
    const starts = this.source.layerStarts;
    if (starts.length === 0) return [0, this.segmentCount];
    const start = first <= 0 ? 0 : (starts[first] ?? this.segmentCount);
    const end = last + 1 < starts.length ? starts[last + 1]! : this.segmentCount;
    return [start, end];
  }

  setShowTravel(show: boolean): void {
    this.travel.object.visible = show;
  }

  /** Live progress: segments before `segment` are done. One uniform per status message. */
  setProgress(segment: number): void {
    for (const m of this.materials) m.uniforms.uDone!.value = segment;
  }

  dispose(): void {
    for (const part of [this.work, this.travel]) part.geometry.dispose();
    for (const m of this.materials) m.dispose();
  }
}

function lowerBound(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
