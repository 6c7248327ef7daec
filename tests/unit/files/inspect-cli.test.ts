import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../main/cli/inspect.js';
import { fixturesDir } from './corpus.js';

async function inspect(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cp-desk inspect', () => {
  it('prints what the parser found for a G-code file', async () => {
    const r = await inspect(join(fixturesDir, 'laserweb-style_jsdc-laser.gcode'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/format\s+G-code, laser/);
    expect(r.out).toMatch(/segments\s+2,361/);
    expect(r.out).toMatch(/size\s+92\.61 × 29\.83 × 0\.00 mm/);
  });

  it('--json gives the same summary the app shows', async () => {
    const r = await inspect(join(fixturesDir, 'box.3mf'), '--json');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as { ok: boolean; summary: { triangles: number; watertight: boolean } };
    expect(parsed).toMatchObject({ ok: true, summary: { triangles: 12, watertight: true } });
  });

  it('a refused file exits 1 with the one-line reason', async () => {
    const r = await inspect(join(fixturesDir, 'EDGE_binary-truncated.stl'));
    expect(r).toMatchObject({
      code: 1,
      err: 'EDGE_binary-truncated.stl: STL file is cut off after 182 of 364 triangles.',
    });
    expect((await inspect(join(fixturesDir, 'nope.gcode'))).code).toBe(1);
    expect((await inspect()).code).toBe(2);
  });
});
