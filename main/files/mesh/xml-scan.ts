/**
 * A small streaming XML tag scanner over UTF-8 bytes, enough for 3MF: it reports start tags (with their attribute
 * byte range) and end tags, skips comments, processing instructions, CDATA and text. No DOM (3MF files hold
 * hundreds of thousands of <vertex> elements; three.js's DOMParser route took 11 s for 3DBenchy here).
 */
export interface XmlTag {
  /** Local name, namespace prefix removed ("m:colorgroup" → "colorgroup"). */
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrStart: number;
  attrEnd: number;
}

export function scanXml(buf: Uint8Array, onTag: (tag: XmlTag) => void): void {
  const n = buf.length;
  const tag: XmlTag = { name: '', closing: false, selfClosing: false, attrStart: 0, attrEnd: 0 };
  const names = new Map<number, string>();
  let i = 0;
  while (i < n) {
    if (buf[i] !== 60) {
      i++;
      continue;
    }
    const next = buf[i + 1];
    if (next === 63 /* ? */ || next === 33 /* ! */) {
      i = skipSpecial(buf, i);
      continue;
    }
    let j = i + 1;
    tag.closing = next === 47;
    if (tag.closing) j++;
    const nameStart = j;
    let localStart = j;
    let hash = 0;
    while (j < n) {
      const c = buf[j]!;
      if (c <= 32 || c === 47 || c === 62) break;
      if (c === 58) {
        localStart = j + 1;
        hash = 0;
      } else hash = (Math.imul(hash, 31) + c) | 0;
      j++;
    }
    const key = (hash ^ ((j - localStart) << 24)) | 0;
    let name = names.get(key);
    if (name === undefined || !sameBytes(buf, localStart, j, name)) {
      name = String.fromCharCode(...buf.subarray(localStart, j));
      names.set(key, name);
    }
    if (j === nameStart) throw new Error(`a tag without a name at byte ${i}`);
    tag.attrStart = j;
    // Find the end of the tag, stepping over quoted attribute values (they may contain '>').
    let quote = 0;
    while (j < n) {
      const c = buf[j]!;
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) break;
      j++;
    }
    if (j >= n) throw new Error('the XML ends inside a tag (the file is cut off)');
    tag.selfClosing = buf[j - 1] === 47;
    tag.attrEnd = tag.selfClosing ? j - 1 : j;
    tag.name = name;
    onTag(tag);
    i = j + 1;
  }
}

function skipSpecial(buf: Uint8Array, i: number): number {
  const n = buf.length;
  const close = (seq: number[], from: number) => {
    for (let k = from; k + seq.length <= n; k++) {
      let ok = true;
      for (let s = 0; s < seq.length; s++) if (buf[k + s] !== seq[s]) ok = false;
      if (ok) return k + seq.length;
    }
    return n;
  };
  if (buf[i + 1] === 63) return close([63, 62], i + 2); // <? ... ?>
  if (buf[i + 2] === 45 && buf[i + 3] === 45) return close([45, 45, 62], i + 4); // <!-- ... -->
  if (buf[i + 2] === 91) return close([93, 93, 62], i + 3); // <![CDATA[ ... ]]>
  return close([62], i + 2); // <!DOCTYPE ...>
}

function sameBytes(buf: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (buf[start + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** Calls `fn` for each attribute with the byte ranges of its local name and its (unescaped) value. */
export function forEachAttrRaw(
  buf: Uint8Array,
  tag: XmlTag,
  fn: (nameStart: number, nameEnd: number, valueStart: number, valueEnd: number) => void,
): void {
  let i = tag.attrStart;
  const end = tag.attrEnd;
  while (i < end) {
    while (i < end && buf[i]! <= 32) i++;
    if (i >= end) return;
    let local = i;
    const nameStart = i;
    while (i < end && buf[i] !== 61 && buf[i]! > 32) {
      if (buf[i] === 58) local = i + 1;
      i++;
    }
    if (i === nameStart) return;
    const nameEnd = i;
    while (i < end && buf[i] !== 34 && buf[i] !== 39) i++;
    const quote = buf[i];
    const valueStart = i + 1;
    i = valueStart;
    while (i < end && buf[i] !== quote) i++;
    fn(local, nameEnd, valueStart, i);
    i++;
  }
}

export function attrText(buf: Uint8Array, tag: XmlTag, wanted: string): string | null {
  let found: string | null = null;
  forEachAttrRaw(buf, tag, (ns, ne, vs, ve) => {
    if (found === null && sameBytes(buf, ns, ne, wanted))
      found = new TextDecoder().decode(buf.subarray(vs, ve));
  });
  return found;
}
