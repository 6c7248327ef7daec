/**
 * Splits a byte stream into lines on `\n`, `\r\n` or a lone `\r`. Decodes as latin1 so binary noise can never
 * throw; a run of bytes without a terminator is cut at `maxLength` so garbage cannot grow memory without bound.
 */
export class LineSplitter {
  private partial = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLength = 1024,
  ) {}

  push(data: Buffer): void {
    const text = this.partial + data.toString('latin1');
    let start = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (i > start) this.onLine(text.slice(start, i));
        start = i + 1;
      }
    }
    this.partial = text.slice(start);
    if (this.partial.length > this.maxLength) {
      const cut = this.partial;
      this.partial = '';
      this.onLine(cut);
    }
  }

  reset(): void {
    this.partial = '';
  }
}
