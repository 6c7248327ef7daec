/**
 * The Chromium half of bench:preview: the same G-code drawn by our pipeline and by gcode-preview in Debian's
 * Chromium (SwiftShader WebGL, as the e2e tests run), each page fresh, one warm-up page load each, then best of
 * `runs`. Figures per side: time to the first picture, the longest task after it, and the JS heap retained after a
 * GC with the picture on screen (CDP). Ours adds main's parse (done at upload, in a worker) to its first picture.
 */
import { build } from 'esbuild';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { chromium } from '@playwright/test';
import { chunkedSize, chunkedToolpath } from '../../../main/files/toolpath-chunks.js';

export interface ChromiumFigures {
  firstPictureMs: number;
  completeMs: number;
  longestAfterFirstMs: number;
  /** Longest task over the whole load. */
  longestMs: number;
  heapMb: number;
  /** Whether Chromium reported ArrayBuffer backing stores (included in heapMb). */
  backingCounted: boolean;
  drawn: number;
}

async function bundle(root: string, entry: string): Promise<string> {
  const out = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

export async function chromiumRun(
  root: string,
  gcodePath: string,
  storedPath: string,
  view: { center: number[]; radius: number },
  runs = 2,
  withPeer = true,
): Promise<{ ours: ChromiumFigures; peer: ChromiumFigures | null } | string> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    statSync(executablePath);
  } catch {
    return `Chromium is not at ${executablePath} (set CHROMIUM_PATH)`;
  }
  const pages = {
    ours: await bundle(root, 'tests/bench/chromium/ours-page.ts'),
    peer: await bundle(root, 'tests/bench/chromium/peer-page.ts'),
  };
  const stored = readFileSync(storedPath);
  const segments = stored.readUInt32LE(4);
  const layers = stored.readUInt32LE(8);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const which = url.pathname.slice(1).replace(/\.(html|js)$/, '');
    if (url.pathname.endsWith('.html') && (which === 'ours' || which === 'peer')) {
      res.setHeader('Content-Type', 'text/html');
      res.end(
        `<!doctype html><canvas width="800" height="600"></canvas><script type="module" src="/${which}.js"></script>`,
      );
    } else if (url.pathname.endsWith('.js') && (which === 'ours' || which === 'peer')) {
      res.setHeader('Content-Type', 'text/javascript');
      res.end(pages[which]);
    } else if (url.pathname === '/chunks') {
      res.setHeader('Content-Type', 'application/octet-stream');
      res.setHeader('Content-Length', String(chunkedSize(segments, layers)));
      Readable.from(chunkedToolpath(storedPath)).pipe(res);
    } else if (url.pathname === '/file.gcode') {
      res.setHeader('Content-Type', 'text/plain');
      res.setHeader('Content-Length', String(statSync(gcodePath).size));
      createReadStream(gcodePath).pipe(res);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--enable-precise-memory-info',
    ],
  });
  const once = async (which: 'ours' | 'peer'): Promise<ChromiumFigures> => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    try {
      const query = which === 'ours' ? `?center=${view.center.join(',')}&radius=${view.radius}` : '';
      await page.goto(`http://127.0.0.1:${port}/${which}.html${query}`);
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, {
        timeout: 300_000,
        polling: 250,
      });
      const r = await page.evaluate(() => {
        const w = window as unknown as {
          __result: { started: number; firstPicture: number; complete: number; drawn: number };
          __longTasks: { start: number; duration: number }[];
        };
        return { ...w.__result, longTasks: w.__longTasks };
      });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      // The JS heap plus ArrayBuffer backing stores (typed arrays live outside the JS heap proper).
      const heap = (await cdp.send('Runtime.getHeapUsage')) as {
        usedSize: number;
        backingStorageSize?: number;
      };
      const after = r.longTasks.filter((t) => t.start >= r.firstPicture).map((t) => t.duration);
      return {
        firstPictureMs: r.firstPicture,
        completeMs: r.complete,
        longestAfterFirstMs: after.length === 0 ? 0 : Math.max(...after),
        heapMb: (heap.usedSize + (heap.backingStorageSize ?? 0)) / 2 ** 20,
        backingCounted: heap.backingStorageSize !== undefined,
        longestMs: r.longTasks.length === 0 ? 0 : Math.max(...r.longTasks.map((t) => t.duration)),
        drawn: r.drawn,
      };
    } finally {
      await page.close();
    }
  };
  try {
    const best: Partial<Record<'ours' | 'peer', ChromiumFigures>> = {};
    // One warm-up load each, then the runs taken in turn; the best first picture is kept for each side.
    const sides = withPeer ? (['ours', 'peer'] as const) : (['ours'] as const);
    for (const which of sides) await once(which);
    for (let k = 0; k < runs; k++) {
      for (const which of sides) {
        const f = await once(which);
        if (best[which] === undefined || f.firstPictureMs < best[which].firstPictureMs) best[which] = f;
      }
    }
    return { ours: best.ours!, peer: best.peer ?? null };
  } finally {
    await browser.close();
    server.close();
  }
}
