// The file side of the app:// protocol: which file of the built renderer a URL names, and the response for it.
// No electron import, so the exact code the protocol handler runs is unit-tested in Node with hostile URLs.
import { readFile } from 'node:fs/promises';
import { realpathSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../host/web.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * One decoded path segment is acceptable only if it is a plain name: not empty, not `.` or `..`, not hidden,
 * and free of separators (`/`, `\`), drive or stream colons, and control characters (NUL among them).
 */
function plainSegment(segment: string): boolean {
  if (segment === '' || segment.startsWith('.')) return false;
  // eslint-disable-next-line no-control-regex
  return !/[/\\:\u0000-\u001f\u007f]/u.test(segment);
}

/**
 * The file under `root` that an app://desk URL path names, or null. The path is split on `/` before anything
 * is decoded, so an encoded `%2f`, `%5c` or `%2e%2e` can never become a separator or a parent step; the joined
 * path and its real path (symbolic links followed) must stay inside `root`, and it must be a regular file.
 */
export function resolveAsset(root: string, pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  const raw = pathname === '/' ? ['index.html'] : pathname.slice(1).split('/');
  const segments: string[] = [];
  for (const part of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (!plainSegment(decoded)) return null;
    segments.push(decoded);
  }
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (!file.startsWith(base + sep)) return null;
  try {
    const real = realpathSync(file);
    const realBase = realpathSync(base);
    if (!real.startsWith(realBase + sep)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * The response to a request for the renderer's own files: 404 for anything that is not a file of the built
 * renderer on app://desk (other hosts, escapes, encoded tricks, folders, hidden files), otherwise the file with
 * the same Content-Security-Policy the web host sends.
 */
export async function assetResponse(
  rendererDir: string,
  requestUrl: string,
  method = 'GET',
): Promise<Response> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return notFound();
  }
  if (url.protocol !== 'app:' || url.host !== 'desk') return notFound();
  if (method !== 'GET' && method !== 'HEAD') return new Response('read only', { status: 405 });
  const file = resolveAsset(rendererDir, url.pathname);
  if (file === null) return notFound();
  const headers = new Headers({
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': file.endsWith(`${sep}index.html`) ? 'no-store' : 'no-cache',
  });
  if (method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(new Uint8Array(await readFile(file)), { status: 200, headers });
}
