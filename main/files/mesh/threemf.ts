import { FileRefused } from '../refusal.js';
import { everyEdgeTwice, meshStats, type ParsedMesh } from './mesh.js';
import { readNumber } from './numbers.js';
import { attrText, forEachAttrRaw, scanXml, type XmlTag } from './xml-scan.js';
import { readZipDirectory, readZipEntry, ZIP_LIMITS, type ZipEntry, type ZipLimits } from './zip.js';

const MODEL_REL = '/3dmodel';
const THUMBNAIL_REL = '/metadata/thumbnail';
const UNITS: Record<string, number> = {
  micron: 0.001,
  millimeter: 1,
  centimeter: 10,
  inch: 25.4,
  foot: 304.8,
  meter: 1000,
};
const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0] as const;
type Transform = readonly number[];

interface Ref {
  objectId: string;
  transform: Transform;
  /** Production extension: the model part the object lives in. */
  path: string | null;
}

interface ModelObject {
  vertices: number[];
  triangles: number[];
  components: Ref[];
}

interface ModelPart {
  unit: number;
  objects: Map<string, ModelObject>;
  build: Ref[] | null;
  beams: boolean;
}

export interface Parsed3mf extends ParsedMesh {
  thumbnail: Uint8Array | null;
}

/**
 * 3MF core: the OPC package (zip.ts: checked from its directory, then only the parts needed inflated under caps),
 * the model part named by the root relationship, objects with meshes and components, build items with transforms,
 * units, and production-extension `p:path` references to other parts.
 * Materials, textures and beam lattices are ignored (the shape is what the viewer and fit check need).
 */
export function parse3mf(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): Parsed3mf {
  if (bytes.length === 0) throw new FileRefused('the file is empty.');
  // The directory is read and checked (sizes, count, ratio) before anything is inflated; parts are then inflated
  // one at a time, only those the model needs, each capped at its declared size.
  const byName = new Map<string, ZipEntry>();
  for (const entry of readZipDirectory(bytes, limits))
    byName.set('/' + entry.name.replace(/^\/+/, '').toLowerCase(), entry);
  const inflated = new Map<ZipEntry, Uint8Array>();
  const get = (path: string): Uint8Array | undefined => {
    const entry = byName.get('/' + path.replace(/^\/+/, '').toLowerCase());
    if (entry === undefined) return undefined;
    let data = inflated.get(entry);
    if (data === undefined) {
      data = readZipEntry(bytes, entry);
      inflated.set(entry, data);
    }
    return data;
  };

  const rels = get('_rels/.rels');
  if (rels === undefined)
    throw new FileRefused('the 3MF package has no _rels/.rels, so its model cannot be found.');
  let targets: { target: string; type: string }[];
  try {
    targets = relationships(rels);
  } catch (error) {
    throw new FileRefused(`the 3MF package's _rels/.rels is damaged (${(error as Error).message}).`);
  }
  const modelPath = targets.find((r) => r.type.endsWith(MODEL_REL))?.target;
  if (modelPath === undefined)
    throw new FileRefused('the 3MF package does not say where its 3D model is (no model relationship).');
  const thumbPath = targets.find((r) => r.type.toLowerCase().endsWith(THUMBNAIL_REL))?.target;

  const parts = new Map<string, ModelPart>();
  const partAt = (path: string): ModelPart => {
    const key = path.toLowerCase();
    let part = parts.get(key);
    if (part === undefined) {
      const data = get(path);
      if (data === undefined)
        throw new FileRefused(`the 3MF package refers to a model part that is not there (${path}).`);
      part = readModel(data, path);
      parts.set(key, part);
    }
    return part;
  };
  const root = partAt(modelPath);
  if (root.build === null)
    throw new FileRefused('the 3MF model has no <build> section, so nothing is placed to print.');

  const out: number[] = [];
  let placed = 0;
  const emit = (ref: Ref, parentPath: string, parent: Transform, depth: number) => {
    if (depth > 16) throw new FileRefused('the 3MF model has components that contain themselves.');
    const path = ref.path ?? parentPath;
    const part = partAt(path);
    const object = part.objects.get(ref.objectId);
    if (object === undefined)
      throw new FileRefused(`the 3MF build refers to object ${ref.objectId}, which is not defined.`);
    const m = compose(ref.transform, parent);
    const unit = part.unit;
    const v = object.vertices;
    const t = object.triangles;
    for (let k = 0; k < t.length; k++) {
      const o = t[k]! * 3;
      const x = v[o]! * unit;
      const y = v[o + 1]! * unit;
      const z = v[o + 2]! * unit;
      out.push(
        x * m[0]! + y * m[3]! + z * m[6]! + m[9]!,
        x * m[1]! + y * m[4]! + z * m[7]! + m[10]!,
        x * m[2]! + y * m[5]! + z * m[8]! + m[11]!,
      );
    }
    placed++;
    for (const c of object.components) emit(c, path, m, depth + 1);
  };
  for (const item of root.build) emit(item, modelPath, IDENTITY, 0);

  const positions = Float32Array.from(out);
  // Watertightness is a property of each object's own vertex indices; welding transformed floats would merge
  // distinct corners that happen to round together.
  const used = [...parts.values()]
    .flatMap((p) => [...p.objects.values()])
    .filter((o) => o.triangles.length > 0);
  const stats = {
    ...meshStats(positions, false),
    watertight: used.length > 0 && used.every((o) => closedSurface(o.triangles)),
  };
  const warnings: string[] = [];
  if (stats.triangles === 0) {
    warnings.push(
      [...parts.values()].some((p) => p.beams)
        ? 'The model is a beam lattice only: there are no triangles to draw.'
        : 'The model has no triangles: there is nothing to draw.',
    );
  }
  const objects = [...parts.values()].reduce((sum, p) => sum + p.objects.size, 0);
  const detail = `${root.build.length} build item${root.build.length === 1 ? '' : 's'}, ${objects} object${objects === 1 ? '' : 's'}, ${placed} placed`;
  const thumbnail = thumbPath === undefined ? null : (get(thumbPath) ?? null);
  return { summary: { format: '3mf', detail, ...stats, warnings }, mesh: { positions }, thumbnail };
}

function relationships(raw: Uint8Array): { target: string; type: string }[] {
  const found: { target: string; type: string }[] = [];
  const data = stripBom(raw);
  scanXml(data, (tag) => {
    if (tag.closing || tag.name !== 'Relationship') return;
    const target = attrText(data, tag, 'Target');
    const type = attrText(data, tag, 'Type');
    if (target !== null && type !== null) found.push({ target, type });
  });
  return found;
}

function stripBom(data: Uint8Array): Uint8Array {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.subarray(3);
  return data;
}

function checkEncoding(data: Uint8Array, path: string): void {
  const b0 = data[0];
  const b1 = data[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || data.subarray(0, 64).includes(0)) {
    throw new FileRefused(`the 3MF model part ${path} is not UTF-8 text (3MF allows only UTF-8).`);
  }
  const body = stripBom(data);
  let k = 0;
  while (k < body.length && body[k]! <= 32) k++;
  if (body[k] !== 60)
    throw new FileRefused(`the 3MF model part ${path} is not UTF-8 XML (3MF allows only UTF-8).`);
  const head = String.fromCharCode(...data.subarray(0, Math.min(200, data.length)));
  const declared = /encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  if (declared !== undefined && declared.toUpperCase() !== 'UTF-8') {
    throw new FileRefused(`the 3MF model part ${path} is encoded as ${declared} (3MF allows only UTF-8).`);
  }
}

function readModel(raw: Uint8Array, path: string): ModelPart {
  checkEncoding(raw, path);
  const data = stripBom(raw);
  const part: ModelPart = { unit: 1, objects: new Map(), build: null, beams: false };
  let object: ModelObject | null = null;
  const cursor = { at: 0 };
  const num = (start: number, end: number) => {
    cursor.at = start;
    while (cursor.at < end && data[cursor.at]! <= 32) cursor.at++;
    return readNumber(data, cursor, end);
  };
  const ref = (tag: XmlTag): Ref => {
    const objectId = attrText(data, tag, 'objectid');
    if (objectId === null) throw new FileRefused(`a component or build item in ${path} has no objectid.`);
    const transform = attrText(data, tag, 'transform');
    return {
      objectId,
      transform: transform === null ? IDENTITY : parseTransform(transform, path),
      path: attrText(data, tag, 'path'),
    };
  };
  try {
    scanXml(data, (tag) => {
      if (tag.closing) {
        if (tag.name === 'object') object = null;
        return;
      }
      switch (tag.name) {
        case 'vertex': {
          if (object === null) return;
          const v = object.vertices;
          let x = NaN;
          let y = NaN;
          let z = NaN;
          forEachAttrRaw(data, tag, (ns, ne, vs, ve) => {
            if (ne - ns !== 1) return;
            const c = data[ns];
            if (c === 120) x = num(vs, ve);
            else if (c === 121) y = num(vs, ve);
            else if (c === 122) z = num(vs, ve);
          });
          if (Number.isNaN(x + y + z))
            throw new FileRefused(`a vertex in ${path} lacks a number for x, y or z.`);
          v.push(x, y, z);
          return;
        }
        case 'triangle': {
          if (object === null) return;
          let a = -1;
          let b = -1;
          let c = -1;
          forEachAttrRaw(data, tag, (ns, ne, vs, ve) => {
            if (ne - ns !== 2 || data[ns] !== 118) return;
            const which = data[ns + 1];
            if (which === 49) a = num(vs, ve);
            else if (which === 50) b = num(vs, ve);
            else if (which === 51) c = num(vs, ve);
          });
          const count = object.vertices.length / 3;
          if (!(a >= 0 && b >= 0 && c >= 0 && a < count && b < count && c < count)) {
            throw new FileRefused(
              `a triangle in ${path} refers to a vertex that does not exist (the object has ${count}).`,
            );
          }
          object.triangles.push(a, b, c);
          return;
        }
        case 'object': {
          const id = attrText(data, tag, 'id');
          if (id === null) throw new FileRefused(`an object in ${path} has no id.`);
          object = { vertices: [], triangles: [], components: [] };
          part.objects.set(id, object);
          if (tag.selfClosing) object = null;
          return;
        }
        case 'component':
          if (object !== null) object.components.push(ref(tag));
          return;
        case 'build':
          part.build = [];
          return;
        case 'item':
          (part.build ??= []).push(ref(tag));
          return;
        case 'model': {
          const unit = attrText(data, tag, 'unit') ?? 'millimeter';
          const scale = UNITS[unit];
          if (scale === undefined) throw new FileRefused(`the 3MF model uses an unknown unit "${unit}".`);
          part.unit = scale;
          return;
        }
        case 'beamlattice':
          part.beams = true;
          return;
        default:
          return;
      }
    });
  } catch (error) {
    if (error instanceof FileRefused) throw error;
    throw new FileRefused(`the 3MF model part ${path} is not well-formed XML (${(error as Error).message}).`);
  }
  return part;
}

function parseTransform(text: string, path: string): Transform {
  const values = text.trim().split(/\s+/).map(Number);
  if (values.length !== 12 || values.some((v) => !Number.isFinite(v))) {
    throw new FileRefused(`a transform in ${path} is not 12 numbers ("${text.slice(0, 60)}").`);
  }
  return values;
}

/** Row-vector affine transforms (3MF's convention): apply `inner`, then `outer`. */
function compose(inner: Transform, outer: Transform): Transform {
  const r: number[] = new Array<number>(12);
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 3; col++) {
      let v = row === 3 ? outer[9 + col]! : 0;
      for (let k = 0; k < 3; k++) v += inner[row * 3 + k]! * outer[k * 3 + col]!;
      r[row * 3 + col] = v;
    }
  }
  return r;
}

/** Every undirected edge used by exactly two triangles. */
function closedSurface(triangles: number[]): boolean {
  // An object with no triangles counts as closed (nothing is open), as it always has here.
  return triangles.length === 0 || everyEdgeTwice(triangles, false);
}
