import { inflateSync } from 'node:zlib';

/** The words drawn on a pdf-lib PDF's pages: text is written as hex strings inside (deflated) content streams. */
export function pdfPageText(bytes: Uint8Array | Buffer): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(raw); m !== null; m = streams.exec(raw)) {
    let body = Buffer.from(m[1]!, 'latin1');
    try {
      body = inflateSync(body);
    } catch {
      // not compressed
    }
    for (const hex of body.toString('latin1').matchAll(/<([0-9A-Fa-f]+)> Tj/g))
      out.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
  }
  return out.join('\n');
}
