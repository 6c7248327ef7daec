import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No two modules in main/ import each other's values, directly or round a longer circle (issue 14: two circles were
 * removed, and one came back unnoticed with the inventory postings). Type-only imports are left out: they vanish at
 * build time and cannot make a module read another's half-initialised bindings.
 */

const root = resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative modules a file imports or re-exports as values (`import type` / `export type` left out). */
export function valueImports(text: string): string[] {
  const found: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"](\.[^'"]+)['"]/g;
  for (const m of text.matchAll(statement)) {
    if (m[2] !== undefined) continue;
    const clause = m[3] ?? '';
    // `import { type A, type B } from` brings in no value either.
    const names = /^\{([^}]*)\}$/.exec(clause.trim());
    if (names !== null && names[1]!.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type ')))
      continue;
    found.push(m[4]!);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

function graph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const targets = valueImports(readFileSync(file, 'utf8'))
      .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '')))
      .flatMap((base) =>
        [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].filter((p) => known.has(p)).slice(0, 1),
      );
    edges.set(file, targets);
  }
  return edges;
}

/** Every circle as a list of files, found by depth-first search (each reported once, from its first file). */
export function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (state.get(node) === undefined) visit(node);
  return found;
}

describe('import circles in main/', () => {
  it('finds a circle, a longer one and none where there is none (the detector itself)', () => {
    const edges = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['c', ['d']],
      ['d', ['e']],
      ['e', ['c']],
      ['f', ['g']],
      ['g', []],
    ]);
    expect(circles(edges)).toEqual([
      ['a', 'b', 'a'],
      ['c', 'd', 'e', 'c'],
    ]);
    expect(valueImports("import type { X } from './x.js';\nimport { type Y } from './y.js';\n")).toEqual([]);
    expect(valueImports("import { a, type B } from './a.js';\nexport { c } from './c.js';\n")).toEqual([
      './a.js',
      './c.js',
    ]);
  });

  it('main/ has none', () => {
    const files = sourceFiles(join(root, 'main'));
    expect(files.length).toBeGreaterThan(100);
    const found = circles(graph(files)).map((c) => c.map((f) => relative(root, f)).join(' → '));
    expect(found).toEqual([]);
  });
});
