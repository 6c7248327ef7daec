/**
 * A file the parsers cannot show, with one short sentence naming the problem ("STL file is cut off after 16 of
 * 33 triangles"). Parsers throw only this; anything else escaping a parser is a bug and is reported as such.
 */
export class FileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileRefused';
  }
}

/** Turns anything a parser threw into the sentence shown to the person who imported the file. */
export function refusalMessage(error: unknown, fileName: string): string {
  if (error instanceof FileRefused) return `${fileName}: ${error.message}`;
  const detail = error instanceof Error ? error.message : String(error);
  return `${fileName}: the file could not be read (${detail}).`;
}
