import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test files. Everything a test names lives in tests/fixtures/files (copied from the shared corpus with its licence
 * line). Only the whole-corpus sweep and the 24.8 MB slicer file read ../shared/corpus itself; without it they
 * fail saying so — a test that skips green when its input is missing proves nothing.
 */
export const corpusDir = join(import.meta.dirname, '../../../../shared/corpus');
export const fixturesDir = join(import.meta.dirname, '../../fixtures/files');

/** Whether ../shared/corpus is there; only for listing it (a test that needs it calls requireCorpus and fails). */
export const hasCorpus = existsSync(join(corpusDir, 'MANIFEST.md'));

export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixturesDir, name)));

/** Throws, naming what is missing, when the shared corpus is not beside the checkout. */
export function requireCorpus(): string {
  if (!hasCorpus)
    throw new Error(
      `The shared test corpus is missing: expected ${corpusDir}/MANIFEST.md (the project's shared/ folder, laid beside the checkout as in CI).`,
    );
  return corpusDir;
}

export const corpusFile = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(join(requireCorpus(), path)));

/** Every file in the corpus except the licence notes, as `folder/name`. */
export function corpusFiles(): string[] {
  const dir = requireCorpus();
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(dir, d.name)).map((f) => `${d.name}/${f}`))
    .filter((f) => !f.endsWith('.txt') && !f.endsWith('.md'))
    .sort();
}
