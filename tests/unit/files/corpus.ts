import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The shared corpus next to the repository (../shared/corpus); tests that need it skip when it is missing. */
export const corpusDir = join(import.meta.dirname, '../../../../shared/corpus');
export const hasCorpus = existsSync(join(corpusDir, 'MANIFEST.md'));
export const fixturesDir = join(import.meta.dirname, '../../fixtures/files');

export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixturesDir, name)));
export const corpusFile = (path: string): Uint8Array => new Uint8Array(readFileSync(join(corpusDir, path)));

/** Every file in the corpus except the licence notes, as `folder/name`. */
export function corpusFiles(): string[] {
  if (!hasCorpus) return [];
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(corpusDir, d.name)).map((f) => `${d.name}/${f}`))
    .filter((f) => !f.endsWith('.txt') && !f.endsWith('.md'))
    .sort();
}
