import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, sep } from 'node:path';
import type { Host } from './create-host.js';
import type { Connection } from '../kernel/connection.js';
import { declaredLength, uploadsOf } from '../files/uploads.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** The same policy the Electron window gets: our own scripts only, no inline script, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request's address, or null when it cannot be read (a hand-made request line must not take the server down). */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return null;
  }
}

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

/** What the web host's HTTP routes share: the host, the run's token, the built renderer, the live connections. */
export interface RouteContext {
  host: Host;
  token: string;
  rendererRoot: string;
  /** Live WebSocket connections, so a blob or upload request can be tied to the login that asks. */
  connections: ReadonlySet<Connection>;
}

/**
 * The web host's HTTP routes: the static renderer, `/blob/` (token plus a live login), `/public/` (published
 * documents, no token) and `POST /upload` (token, same origin, login); `startWebHost` dispatches to them.
 */
export function httpRoutes({ host, token, rendererRoot, connections }: RouteContext) {
  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    let rel = decodeURIComponent(pathname);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = normalize(join(rendererRoot, rel));
    if (!file.startsWith(rendererRoot + sep)) {
      res.writeHead(403).end();
      return;
    }
    const target = existsSync(file) && statSync(file).isFile() ? file : join(rendererRoot, 'index.html');
    if (!existsSync(target)) {
      res
        .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('The renderer is not built yet: run `npm run build`.');
      return;
    }
    res.setHeader('Content-Type', MIME[extname(target)] ?? 'application/octet-stream');
    res.setHeader(
      'Cache-Control',
      target.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    );
    if (req.method === 'HEAD') {
      res.writeHead(200).end();
      return;
    }
    createReadStream(target).pipe(res);
  };

  const serveBlob = async (res: ServerResponse, url: URL, req: IncomingMessage) => {
    const given = url.searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer /, '');
    if (!sameToken(given, token)) {
      res.writeHead(401).end();
      return;
    }
    const blob = await host.context.blobs.open(url.pathname.slice('/blob/'.length), loginOf(url, req));
    if (blob === null) {
      res
        .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Not found, or not yours to see.');
      return;
    }
    res.setHeader('Content-Type', blob.contentType);
    res.setHeader('Cache-Control', 'private, no-store');
    if (blob.size !== undefined) res.setHeader('Content-Length', String(blob.size));
    if (blob.fileName !== undefined) {
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${blob.fileName.replace(/[^\w.-]/g, '_')}"`,
      );
    }
    res.writeHead(200);
    if (Buffer.isBuffer(blob.body)) res.end(blob.body);
    else blob.body.pipe(res);
  };

  /** `GET /public/<prefix>/<rest>`: what an area published on purpose; no token, no login, readable from any site. */
  const servePublic = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const origin = host.context.blobs.publicOrigin;
    const doc =
      origin === null
        ? null
        : await host.context.blobs.openPublic(url.pathname.slice('/public/'.length), origin);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-cache');
    if (doc === null) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Nothing is published here.');
      return;
    }
    res.setHeader('Content-Type', doc.contentType);
    if (doc.size !== undefined) res.setHeader('Content-Length', String(doc.size));
    res.writeHead(doc.status ?? 200);
    if (req.method === 'HEAD') res.end();
    else if (Buffer.isBuffer(doc.body)) res.end(doc.body);
    else doc.body.pipe(res);
  };

  /** Who a request speaks for: the live login whose resume token it carries (null: nobody logged in). */
  const loginOf = (url: URL, req: IncomingMessage) => {
    const login = url.searchParams.get('login') ?? (req.headers['x-desk-login'] as string | undefined);
    return [...connections].find((c) => c.auth !== null && c.auth.token === login)?.auth ?? null;
  };

  /** `POST /upload?token=…&login=…`: a library file's bytes, streamed to disk; answers `{uploadId, size, sha256}`. */
  const receiveUpload = async (res: ServerResponse, url: URL, req: IncomingMessage) => {
    const refuse = (status: number, message: string) => {
      // The body may still be arriving: answer, then close rather than read (and discard) the rest.
      res.setHeader('Connection', 'close');
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message);
    };
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      refuse(405, 'Uploads are sent with POST.');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      refuse(403, 'Uploads come only from the Desk’s own page.');
      return;
    }
    const given = url.searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer /, '');
    if (!sameToken(given, token)) {
      refuse(401, 'This page’s token is not the server’s: open the address the server printed.');
      return;
    }
    const reply = await uploadsOf(host.context).accept(
      req,
      loginOf(url, req),
      declaredLength(req.headers['content-length']),
    );
    if (typeof reply.body === 'string') {
      refuse(reply.status, reply.body);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(reply.body));
  };

  return { serveStatic, serveBlob, servePublic, receiveUpload };
}
