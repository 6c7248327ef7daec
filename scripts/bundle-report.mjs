// What the login screen downloads: the renderer's entry script and every chunk it imports statically (transitively),
// gzipped as a server would send them. Lazy chunks (areas, the 3D viewer) are not counted: they load later.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Issue 17: the login screen under 250 KB of gzipped JS. */
export const LOGIN_BUDGET_GZIP = 250 * 1024;

export function loginScreenJs(rendererDir) {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<script[^>]+src="\.\/([^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set();
  let bytes = 0;
  let gzip = 0;
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(rendererDir, file));
    bytes += code.length;
    gzip += gzipSync(code, { level: 9 }).length;
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    // Static imports only (`import … from"./x.js"`, `import"./x.js"`, `export … from"./x.js"`), not `import("./x.js")`.
    for (const m of code.toString('utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g))
      queue.push(dir + m[1]);
  }
  return { files: [...seen], bytes, gzip };
}
