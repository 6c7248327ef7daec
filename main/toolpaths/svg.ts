import type { Point, Polyline } from './types.js';

/**
 * SVG → cut paths in mm (our own small XML reader; no scripts run, nothing fetched). Units: mm, cm, in, pt, pc and
 * px at 96 per inch (CSS), or 90 per inch with `pxPerInch: 90` for files made for mods. Curves and arcs are
 * flattened to within `tolerance` mm. The result is in the job frame: origin at the drawing's bottom-left corner,
 * y up. Refused, naming the element: scripts and event handlers, external references (images, links to other
 * files, entities), text not converted to paths, lengths in units we cannot resolve.
 */
export interface SvgOptions {
  pxPerInch?: 96 | 90;
  /** Maximum distance between a curve and its flattened polyline, mm (default 0.002). */
  tolerance?: number;
}

export interface SvgPath {
  /** The element's id, or its tag and line. */
  source: string;
  points: Polyline;
  closed: boolean;
}

export interface SvgDrawing {
  widthMm: number;
  heightMm: number;
  paths: SvgPath[];
}

export class SvgError extends Error {}

interface XmlNode {
  tag: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  line: number;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function apply(m: Matrix, [x, y]: Point): Point {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function decodeEntities(s: string, line: number): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
      );
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const v = named[e];
    if (v === undefined)
      throw new SvgError(
        `The SVG uses the entity ${all} (line ${line}): external references are not allowed.`,
      );
    return v;
  });
}

/** A small, strict XML reader: elements and attributes only (text content is ignored). */
export function parseXml(text: string): XmlNode {
  const root: XmlNode = { tag: '#root', attrs: {}, children: [], line: 1 };
  const stack: XmlNode[] = [root];
  let pos = 0;
  const lineAt = (p: number): number => {
    let n = 1;
    for (let i = 0; i < p; i += 1) if (text.charCodeAt(i) === 10) n += 1;
    return n;
  };
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) throw new SvgError('The SVG has an unclosed comment.');
      pos = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end < 0) throw new SvgError('The SVG has an unclosed CDATA section.');
      pos = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt);
      if (end < 0) throw new SvgError('The SVG has an unclosed processing instruction.');
      pos = end + 2;
    } else if (text.startsWith('<!', lt)) {
      // <!DOCTYPE …>, possibly with an internal subset […]; entities could pull in other files: refused
      const bracket = text.indexOf('[', lt);
      const close = text.indexOf('>', lt);
      const end = bracket >= 0 && bracket < close ? text.indexOf(']>', bracket) + 1 : close;
      if (end <= 0) throw new SvgError(`The SVG has an unclosed declaration on line ${lineAt(lt)}.`);
      if (/<!ENTITY/i.test(text.slice(lt, end)))
        throw new SvgError(
          `The SVG declares entities (line ${lineAt(lt)}): external references are not allowed.`,
        );
      pos = end + 1;
    } else if (text[lt + 1] === '/') {
      const end = text.indexOf('>', lt);
      const tag = text.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (top === undefined || top.tag !== tag)
        throw new SvgError(
          `The SVG is not well-formed: </${tag}> on line ${lineAt(lt)} closes nothing open.`,
        );
      pos = end + 1;
    } else {
      const re = /\s*([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/y;
      const nameMatch = /^<([A-Za-z_][\w:.-]*)/.exec(text.slice(lt, lt + 200));
      if (nameMatch === null) throw new SvgError(`The SVG is not well-formed near line ${lineAt(lt)}.`);
      const line = lineAt(lt);
      const node: XmlNode = { tag: nameMatch[1]!, attrs: {}, children: [], line };
      let p = lt + nameMatch[0].length;
      for (;;) {
        re.lastIndex = p;
        const m = re.exec(text);
        if (m === null) break;
        node.attrs[m[1]!] = decodeEntities(m[3] ?? m[4] ?? '', line);
        p = re.lastIndex;
      }
      const rest = /^\s*(\/?)>/.exec(text.slice(p, p + 200));
      if (rest === null)
        throw new SvgError(`The SVG is not well-formed: <${node.tag}> on line ${line} is not closed.`);
      stack[stack.length - 1]!.children.push(node);
      if (rest[1] !== '/') stack.push(node);
      pos = p + rest[0].length;
    }
  }
  if (stack.length !== 1)
    throw new SvgError(`The SVG is not well-formed: <${stack[stack.length - 1]!.tag}> is never closed.`);
  return root;
}

function describe(n: XmlNode): string {
  return n.attrs.id !== undefined
    ? `<${n.tag} id="${n.attrs.id}"> (line ${n.line})`
    : `<${n.tag}> on line ${n.line}`;
}

const SKIP = new Set([
  'defs',
  'clipPath',
  'mask',
  'symbol',
  'marker',
  'pattern',
  'title',
  'desc',
  'metadata',
  'style',
  'linearGradient',
  'radialGradient',
  'filter',
]);
const TEXT = new Set(['text', 'tspan', 'textPath', 'flowRoot', 'flowPara']);

/** Refuses anything that would run code or fetch something, anywhere in the tree. */
function check(n: XmlNode): void {
  const local = n.tag.replace(/^.*:/, '');
  if (local === 'script')
    throw new SvgError(`The SVG contains a script, ${describe(n)}. Remove it and try again.`);
  if (local === 'foreignObject')
    throw new SvgError(`The SVG contains foreign content, ${describe(n)}; only shapes can be cut.`);
  if (local === 'image')
    throw new SvgError(
      `The SVG contains an image, ${describe(n)}: images cannot be cut; trace it to paths first.`,
    );
  for (const [k, v] of Object.entries(n.attrs)) {
    if (/^on/i.test(k))
      throw new SvgError(`The SVG contains a script (${k} on ${describe(n)}). Remove it and try again.`);
    if ((k === 'href' || k.endsWith(':href')) && local !== 'a' && !v.startsWith('#'))
      throw new SvgError(
        `The SVG refers to another file ("${v}") in ${describe(n)}; external references are not allowed.`,
      );
    if (/url\(\s*['"]?(?!#)/i.test(v))
      throw new SvgError(
        `The SVG refers to another file in ${describe(n)} (${k}); external references are not allowed.`,
      );
  }
  for (const c of n.children) check(c);
}

export function parseSvg(text: string, options: SvgOptions = {}): SvgDrawing {
  const root = parseXml(text);
  const svg = root.children.find((c) => c.tag.replace(/^.*:/, '') === 'svg');
  if (svg === undefined) throw new SvgError('This file is not an SVG drawing (no <svg> element).');
  check(svg);
  const pxMm = 25.4 / (options.pxPerInch ?? 96);
  const tol = options.tolerance ?? 0.002;
  const absolute = (value: string | undefined, node: XmlNode, attr: string): number | null => {
    if (value === undefined) return null;
    const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z%]*)\s*$/i.exec(value);
    if (m === null) throw new SvgError(`The ${attr} "${value}" of ${describe(node)} is not a length.`);
    const v = Number(m[1]);
    const unit = m[2]!.toLowerCase();
    const mm: Record<string, number> = {
      '': pxMm,
      px: pxMm,
      mm: 1,
      cm: 10,
      in: 25.4,
      pt: 25.4 / 72,
      pc: 25.4 / 6,
      q: 0.25,
    };
    const f = mm[unit];
    if (f === undefined)
      throw new SvgError(
        `The ${attr} "${value}" of ${describe(node)} is in units we cannot resolve (${unit}); use mm, cm, in, pt, pc or px.`,
      );
    return v * f;
  };
  const viewBox = svg.attrs.viewBox
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (
    viewBox !== undefined &&
    (viewBox.length !== 4 || viewBox.some((v) => !Number.isFinite(v)) || viewBox[2]! <= 0 || viewBox[3]! <= 0)
  )
    throw new SvgError(
      `The viewBox "${svg.attrs.viewBox}" of ${describe(svg)} is not four numbers with a positive size.`,
    );
  let width = absolute(svg.attrs.width, svg, 'width');
  let height = absolute(svg.attrs.height, svg, 'height');
  let base: Matrix;
  if (viewBox !== undefined) {
    const [vx, vy, vw, vh] = viewBox as [number, number, number, number];
    width ??= height !== null ? (height * vw) / vh : vw * pxMm;
    height ??= (width * vh) / vw;
    const s = Math.min(width / vw, height / vh);
    base = [s, 0, 0, s, -vx * s + (width - vw * s) / 2, -vy * s + (height - vh * s) / 2];
  } else {
    if (width === null || height === null)
      throw new SvgError(
        `The SVG ${describe(svg)} has neither a viewBox nor a width and height: its size is unknown.`,
      );
    base = [pxMm, 0, 0, pxMm, 0, 0];
  }
  const ids = new Map<string, XmlNode>();
  const index = (n: XmlNode): void => {
    if (n.attrs.id !== undefined) ids.set(n.attrs.id, n);
    n.children.forEach(index);
  };
  index(svg);
  const paths: SvgPath[] = [];
  const visit = (n: XmlNode, m: Matrix, depth: number): void => {
    const local = n.tag.replace(/^.*:/, '');
    if (SKIP.has(local)) return;
    if (/display\s*:\s*none/.test(n.attrs.style ?? '') || n.attrs.display === 'none') return;
    if (TEXT.has(local))
      throw new SvgError(
        `The SVG has text that is not converted to paths, ${describe(n)}. Convert text to paths (Inkscape: Path › Object to Path) and try again.`,
      );
    const t = n.attrs.transform !== undefined ? multiply(m, parseTransform(n.attrs.transform, n)) : m;
    const scale = Math.sqrt(Math.abs(t[0] * t[3] - t[1] * t[2])) || 1;
    const userTol = tol / scale;
    const num = (attr: string, fallback?: number): number => {
      const raw = n.attrs[attr];
      if (raw === undefined) {
        if (fallback !== undefined) return fallback;
        throw new SvgError(`${describe(n)} has no ${attr}.`);
      }
      const mm = absolute(raw, n, attr);
      // a unit given inside user space (e.g. "10mm") is converted to user units of 1 px
      return /[a-z]/i.test(raw) ? mm! / pxMm : Number(raw.trim());
    };
    const emit = (pls: { points: Point[]; closed: boolean }[]): void => {
      for (const pl of pls) {
        if (pl.points.length < 2) continue;
        const pts = pl.points.map((p) => apply(t, p));
        if (pl.closed) pts[pts.length - 1] = pts[0]!;
        paths.push({ source: n.attrs.id ?? `<${local}> line ${n.line}`, points: pts, closed: pl.closed });
      }
    };
    switch (local) {
      case 'svg':
      case 'g':
      case 'a':
      case 'switch':
        for (const c of n.children) visit(c, t, depth);
        return;
      case 'use': {
        const href = n.attrs.href ?? n.attrs['xlink:href'] ?? '';
        const target = ids.get(href.slice(1));
        if (target === undefined)
          throw new SvgError(`${describe(n)} refers to "${href}", which is not in the file.`);
        if (depth > 20)
          throw new SvgError(`${describe(n)} refers to itself through too many <use> elements.`);
        const moved = multiply(t, [1, 0, 0, 1, num('x', 0), num('y', 0)]);
        visit(target.tag === 'symbol' ? { ...target, tag: 'g' } : target, moved, depth + 1);
        return;
      }
      case 'path':
        emit(pathPolylines(n.attrs.d ?? '', userTol, n));
        return;
      case 'rect': {
        const x = num('x', 0);
        const y = num('y', 0);
        const w = num('width');
        const h = num('height');
        let rx = n.attrs.rx !== undefined ? num('rx') : n.attrs.ry !== undefined ? num('ry') : 0;
        let ry = n.attrs.ry !== undefined ? num('ry') : rx;
        rx = Math.min(rx, w / 2);
        ry = Math.min(ry, h / 2);
        if (w <= 0 || h <= 0) return;
        if (rx <= 0 || ry <= 0) {
          emit([
            {
              points: [
                [x, y],
                [x + w, y],
                [x + w, y + h],
                [x, y + h],
                [x, y],
              ],
              closed: true,
            },
          ]);
          return;
        }
        const d = `M${x + rx},${y} H${x + w - rx} A${rx},${ry} 0 0 1 ${x + w},${y + ry} V${y + h - ry} A${rx},${ry} 0 0 1 ${x + w - rx},${y + h} H${x + rx} A${rx},${ry} 0 0 1 ${x},${y + h - ry} V${y + ry} A${rx},${ry} 0 0 1 ${x + rx},${y} Z`;
        emit(pathPolylines(d, userTol, n));
        return;
      }
      case 'circle':
      case 'ellipse': {
        const cx = num('cx', 0);
        const cy = num('cy', 0);
        const rx = local === 'circle' ? num('r') : num('rx');
        const ry = local === 'circle' ? rx : num('ry');
        if (rx <= 0 || ry <= 0) return;
        const r = Math.max(rx, ry);
        const steps = Math.max(8, Math.ceil((2 * Math.PI) / (2 * Math.acos(Math.max(-1, 1 - userTol / r)))));
        const pts: Point[] = [];
        for (let k = 0; k <= steps; k += 1) {
          const a = (2 * Math.PI * (k % steps)) / steps;
          pts.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
        }
        emit([{ points: pts, closed: true }]);
        return;
      }
      case 'line':
        emit([
          {
            points: [
              [num('x1', 0), num('y1', 0)],
              [num('x2', 0), num('y2', 0)],
            ],
            closed: false,
          },
        ]);
        return;
      case 'polyline':
      case 'polygon': {
        const v = (n.attrs.points ?? '')
          .trim()
          .split(/[\s,]+/)
          .filter((s) => s !== '')
          .map(Number);
        if (v.some((x) => !Number.isFinite(x)) || v.length % 2 !== 0)
          throw new SvgError(`The points of ${describe(n)} are not pairs of numbers.`);
        const pts: Point[] = [];
        for (let k = 0; k < v.length; k += 2) pts.push([v[k]!, v[k + 1]!]);
        if (local === 'polygon' && pts.length > 2) pts.push(pts[0]!);
        emit([{ points: pts, closed: local === 'polygon' }]);
        return;
      }
      default:
        return; // unknown elements draw nothing (e.g. sodipodi:namedview)
    }
  };
  visit(svg, base, 0);
  // to the job frame: y up from the drawing's bottom edge
  const h = height;
  for (const p of paths) p.points = p.points.map(([x, y]) => [x, h - y]);
  return { widthMm: width, heightMm: height, paths };
}

function parseTransform(text: string, n: XmlNode): Matrix {
  let m: Matrix = IDENTITY;
  const re = /(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)/g;
  let found = 0;
  for (let r = re.exec(text); r !== null; r = re.exec(text)) {
    found += 1;
    const a = r[2]!
      .trim()
      .split(/[\s,]+/)
      .filter((s) => s !== '')
      .map(Number);
    if (a.some((x) => !Number.isFinite(x)))
      throw new SvgError(`The transform "${text}" of ${describe(n)} is not numbers.`);
    let t: Matrix;
    switch (r[1]) {
      case 'matrix':
        if (a.length !== 6) throw new SvgError(`The transform matrix of ${describe(n)} needs six numbers.`);
        t = a as Matrix;
        break;
      case 'translate':
        t = [1, 0, 0, 1, a[0] ?? 0, a[1] ?? 0];
        break;
      case 'scale':
        t = [a[0] ?? 1, 0, 0, a[1] ?? a[0] ?? 1, 0, 0];
        break;
      case 'rotate': {
        const rad = ((a[0] ?? 0) * Math.PI) / 180;
        const c = Math.cos(rad);
        const s = Math.sin(rad);
        const [cx, cy] = [a[1] ?? 0, a[2] ?? 0];
        t = multiply(multiply([1, 0, 0, 1, cx, cy], [c, s, -s, c, 0, 0]), [1, 0, 0, 1, -cx, -cy]);
        break;
      }
      case 'skewX':
        t = [1, 0, Math.tan(((a[0] ?? 0) * Math.PI) / 180), 1, 0, 0];
        break;
      default:
        t = [1, Math.tan(((a[0] ?? 0) * Math.PI) / 180), 0, 1, 0, 0];
    }
    m = multiply(m, t);
  }
  if (found === 0 && text.trim() !== '')
    throw new SvgError(`The transform "${text}" of ${describe(n)} is not understood.`);
  return m;
}

/** Path data → polylines (user units), curves flattened to `tol`. */
export function pathPolylines(d: string, tol: number, n: XmlNode): { points: Point[]; closed: boolean }[] {
  const tokens = d.match(/[MmLlHhVvCcSsQqTtAaZz]|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g) ?? [];
  const out: { points: Point[]; closed: boolean }[] = [];
  let cur: Point[] | null = null;
  let x = 0;
  let y = 0;
  let sx = 0;
  let sy = 0;
  let cmd = '';
  let lastCtrl: Point | null = null;
  let lastCmd = '';
  let i = 0;
  const num = (): number => {
    const t = tokens[i];
    if (t === undefined || /[A-Za-z]/.test(t))
      throw new SvgError(`The path data of ${describe(n)} is cut short after "${cmd}".`);
    i += 1;
    return Number(t);
  };
  const flag = (): boolean => {
    // arc flags may be written without separators ("a1,1 0 01 5,5"): take one digit
    const t = tokens[i];
    if (t === undefined) throw new SvgError(`The path data of ${describe(n)} is cut short in an arc.`);
    if (t.length > 1 && (t[0] === '0' || t[0] === '1')) {
      tokens[i] = t.slice(1);
      return t[0] === '1';
    }
    i += 1;
    return t === '1';
  };
  const lineTo = (nx: number, ny: number) => {
    if (cur === null) {
      cur = [[x, y]];
      out.push({ points: cur, closed: false });
    }
    cur.push([nx, ny]);
    x = nx;
    y = ny;
  };
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (/[A-Za-z]/.test(t)) {
      cmd = t;
      i += 1;
    } else if (cmd === '')
      throw new SvgError(`The path data of ${describe(n)} does not start with a command.`);
    else if (cmd === 'M') cmd = 'L';
    else if (cmd === 'm') cmd = 'l';
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    let ctrl: Point | null = null;
    switch (cmd.toUpperCase()) {
      case 'M': {
        x = ox + num();
        y = oy + num();
        sx = x;
        sy = y;
        cur = [[x, y]];
        out.push({ points: cur, closed: false });
        break;
      }
      case 'L':
        lineTo(ox + num(), oy + num());
        break;
      case 'H':
        lineTo(ox + num(), y);
        break;
      case 'V':
        lineTo(x, oy + num());
        break;
      case 'C':
      case 'S': {
        let c1: Point;
        if (cmd.toUpperCase() === 'C') c1 = [ox + num(), oy + num()];
        else
          c1 =
            lastCtrl !== null && /[CcSs]/.test(lastCmd) ? [2 * x - lastCtrl[0], 2 * y - lastCtrl[1]] : [x, y];
        const c2: Point = [ox + num(), oy + num()];
        const end: Point = [ox + num(), oy + num()];
        for (const p of cubic([x, y], c1, c2, end, tol)) lineTo(p[0], p[1]);
        ctrl = c2;
        break;
      }
      case 'Q':
      case 'T': {
        let c: Point;
        if (cmd.toUpperCase() === 'Q') c = [ox + num(), oy + num()];
        else
          c =
            lastCtrl !== null && /[QqTt]/.test(lastCmd) ? [2 * x - lastCtrl[0], 2 * y - lastCtrl[1]] : [x, y];
        const end: Point = [ox + num(), oy + num()];
        const c1: Point = [x + (2 / 3) * (c[0] - x), y + (2 / 3) * (c[1] - y)];
        const c2: Point = [end[0] + (2 / 3) * (c[0] - end[0]), end[1] + (2 / 3) * (c[1] - end[1])];
        for (const p of cubic([x, y], c1, c2, end, tol)) lineTo(p[0], p[1]);
        ctrl = c;
        break;
      }
      case 'A': {
        const rx = Math.abs(num());
        const ry = Math.abs(num());
        const rot = num();
        const large = flag();
        const sweep = flag();
        const end: Point = [ox + num(), oy + num()];
        for (const p of arc([x, y], rx, ry, rot, large, sweep, end, tol)) lineTo(p[0], p[1]);
        break;
      }
      case 'Z':
        if (cur !== null) {
          const pts: Point[] = cur;
          const last = pts[pts.length - 1]!;
          if (last[0] !== sx || last[1] !== sy) pts.push([sx, sy]);
          else pts[pts.length - 1] = pts[0]!;
          out[out.length - 1]!.closed = true;
        }
        x = sx;
        y = sy;
        cur = null;
        break;
      default:
        throw new SvgError(`The path data of ${describe(n)} has an unknown command "${cmd}".`);
    }
    lastCtrl = ctrl;
    lastCmd = cmd;
  }
  return out;
}

function cubic(p0: Point, p1: Point, p2: Point, p3: Point, tol: number): Point[] {
  const out: Point[] = [];
  const rec = (a: Point, b: Point, c: Point, d: Point, depth: number): void => {
    // flat enough when the control points are within tol of the chord
    const dx = d[0] - a[0];
    const dy = d[1] - a[1];
    const len = Math.hypot(dx, dy);
    const dist = (p: Point) =>
      len > 0
        ? Math.abs((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / len
        : Math.hypot(p[0] - a[0], p[1] - a[1]);
    if (depth > 16 || Math.max(dist(b), dist(c)) * 0.75 <= tol) {
      out.push(d);
      return;
    }
    const ab: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const bc: Point = [(b[0] + c[0]) / 2, (b[1] + c[1]) / 2];
    const cd: Point = [(c[0] + d[0]) / 2, (c[1] + d[1]) / 2];
    const abc: Point = [(ab[0] + bc[0]) / 2, (ab[1] + bc[1]) / 2];
    const bcd: Point = [(bc[0] + cd[0]) / 2, (bc[1] + cd[1]) / 2];
    const m: Point = [(abc[0] + bcd[0]) / 2, (abc[1] + bcd[1]) / 2];
    rec(a, ab, abc, m, depth + 1);
    rec(m, bcd, cd, d, depth + 1);
  };
  rec(p0, p1, p2, p3, 0);
  return out;
}

/** SVG elliptical arc (endpoint form) → points after the start, to within tol. */
function arc(
  p0: Point,
  rx: number,
  ry: number,
  rotDeg: number,
  large: boolean,
  sweep: boolean,
  p1: Point,
  tol: number,
): Point[] {
  if (rx === 0 || ry === 0 || (p0[0] === p1[0] && p0[1] === p1[1])) return [p1];
  const phi = (rotDeg * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const dx = (p0[0] - p1[0]) / 2;
  const dy = (p0[1] - p1[1]) / 2;
  const x1 = cos * dx + sin * dy;
  const y1 = -sin * dx + cos * dy;
  const lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
  if (lambda > 1) {
    rx *= Math.sqrt(lambda);
    ry *= Math.sqrt(lambda);
  }
  const num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
  const den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
  let k = Math.sqrt(Math.max(0, num / den));
  if (large === sweep) k = -k;
  const cx1 = (k * rx * y1) / ry;
  const cy1 = (-k * ry * x1) / rx;
  const cx = cos * cx1 - sin * cy1 + (p0[0] + p1[0]) / 2;
  const cy = sin * cx1 + cos * cy1 + (p0[1] + p1[1]) / 2;
  const angle = (ux: number, uy: number, vx: number, vy: number) => {
    const a = Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
    return a;
  };
  const t1 = angle(1, 0, (x1 - cx1) / rx, (y1 - cy1) / ry);
  let dt = angle((x1 - cx1) / rx, (y1 - cy1) / ry, (-x1 - cx1) / rx, (-y1 - cy1) / ry);
  if (!sweep && dt > 0) dt -= 2 * Math.PI;
  if (sweep && dt < 0) dt += 2 * Math.PI;
  const r = Math.max(rx, ry);
  const step = 2 * Math.acos(Math.max(-1, 1 - tol / r));
  const n = Math.max(1, Math.ceil(Math.abs(dt) / step));
  const out: Point[] = [];
  for (let s = 1; s < n; s += 1) {
    const t = t1 + (dt * s) / n;
    const ex = rx * Math.cos(t);
    const ey = ry * Math.sin(t);
    out.push([cos * ex - sin * ey + cx, sin * ex + cos * ey + cy]);
  }
  out.push(p1);
  return out;
}
