import type { FileKind } from './formats.js';

/**
 * Longest library file name in UTF-16 units, extension included: 120 characters in most scripts, fewer where
 * characters take two units, and never a whole glyph split (a long run of combining marks counts in full).
 */
export const MAX_FILE_NAME_LENGTH = 120;

/**
 * Characters a file name never keeps: C0 controls (NUL, newline, escape…), DEL and the C1 controls, the bidi
 * marks, embeddings, overrides and isolates that can make "gpj.exe" look like "exe.jpg" (U+061C, U+200E/F,
 * U+202A–U+202E, U+2066–U+2069), line and paragraph separators, and the byte-order mark.
 */
function unsafe(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff) // a surrogate left unpaired
  );
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The name a library entry is stored under: unsafe characters removed, spaces trimmed, at most
 * `MAX_FILE_NAME_LENGTH` long with the extension kept when it has to be shortened. `appendKind` adds the
 * extension of a kind found from the content (a name that had none). Empty after cleaning: "unnamed".
 */
export function cleanFileName(raw: string, appendKind?: FileKind): string {
  let name = '';
  for (const ch of raw) if (!unsafe(ch.codePointAt(0)!)) name += ch;
  name = name.trim();
  if (appendKind !== undefined) name = `${name === '' ? 'unnamed' : name}.${appendKind}`;
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 && name.length - dot <= 8 ? name.slice(dot) : '';
  let stem = ext === '' ? name : name.slice(0, dot);
  const room = MAX_FILE_NAME_LENGTH - ext.length;
  if (stem.length > room) {
    let kept = '';
    for (const { segment } of graphemes.segment(stem)) {
      if (kept.length + segment.length > room) break;
      kept += segment;
    }
    stem = kept.trimEnd();
  }
  if (stem.replace(/\./g, '').trim() === '') stem = 'unnamed';
  return stem + ext;
}

/**
 * The kind of file these bytes are, for a name that gave no extension: a ZIP package is taken as 3MF, a binary
 * STL by its triangle count matching its size, an ASCII STL by "solid … facet", then OBJ or G-code by the
 * statements its first lines use. Null when none of them fits.
 */
export function kindFromContent(head: Uint8Array, size: number): FileKind | null {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return '3mf';
  if (head.length >= 84) {
    const triangles = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(80, true);
    if (84 + triangles * 50 === size) return 'stl';
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (/^\s*solid\b/.test(text) && /\bfacet\s+normal\b/.test(text)) return 'stl';
  let gcode = 0;
  let obj = 0;
  for (const line of text.split(/\r?\n/).slice(0, 400)) {
    if (/^\s*(?:N\d+\s*)?[GMT]\d/i.test(line)) gcode++;
    else if (/^\s*(?:v|vn|vt|f|o|g|s|mtllib|usemtl)\s/.test(line)) obj++;
  }
  if (gcode === 0 && obj === 0) return null;
  return gcode >= obj ? 'gcode' : 'obj';
}
