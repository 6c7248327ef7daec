import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Host } from './create-host.js';
import type { Connection } from '../kernel/connection.js';
import { declaredLength, uploadsOf } from '../files/uploads.js';

export interface WebHostOptions {
  host: Host;
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string;
  port: number;
  /** 127.0.0.1 unless the operator explicitly exposes it. */
  bind?: string;
  /** Fixed token (tests); a random one per run otherwise. */
  token?: string;
  /**
   * The address people outside reach this Desk at (`https://desk.example.org`), for links that are published, such
   * as an Open Badge's hosted verification. Default: the address it listens on.
   */
  publicOrigin?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

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

function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request's address, or null when it cannot be read (a hand-made request line must not take the server down). */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return null;
  }
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

/**
 * Serves the built renderer and the host's handlers over a WebSocket, on loopback, behind a per-run token.
 * This is how the Desk runs where Electron cannot (CI, build machines) and how a second screen watches the queue.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { host } = options;
  const token = options.token ?? randomBytes(18).toString('base64url');
  const rendererRoot = resolve(options.rendererDir);
  const bind = options.bind ?? '127.0.0.1';
  const sockets = new Set<WebSocket>();
  /** Login resume token → live connection, so blob requests can be tied to the person who asks. */
  const connections = new Set<Connection>();

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

  const server: Server = createServer((req, res) => {
    securityHeaders(res);
    const url = requestUrl(req);
    if (url === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('That address cannot be read.');
      return;
    }
    if (url.pathname === '/upload') {
      receiveUpload(res, url, req).catch((error: unknown) => {
        host.context.log.error('upload failed', error);
        if (!res.headersSent) res.writeHead(500, { Connection: 'close' });
        res.end();
      });
      return;
    }
    if (url.pathname.startsWith('/blob/')) {
      serveBlob(res, url, req).catch((error: unknown) => {
        host.context.log.error('blob request failed', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname.startsWith('/public/')) {
      servePublic(req, res, url).catch((error: unknown) => {
        host.context.log.error('public request failed', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    serveStatic(req, res, url.pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });

  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req) ?? new URL('http://localhost/');
    const origin = req.headers.origin;
    const hostHeader = req.headers.host ?? '';
    // A page from another site must not drive the Desk through the browser (cross-site WebSocket hijacking).
    const originOk = origin === undefined || origin === `http://${hostHeader}`;
    if (url.pathname !== '/ws' || !sameToken(url.searchParams.get('token'), token) || !originOk) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req);
    });
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const conn = host.connect('web', (topic, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event: topic, payload }));
    });
    connections.add(conn);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(
          Buffer.isBuffer(data)
            ? data.toString('utf8')
            : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'),
        );
      } catch {
        ws.send(
          JSON.stringify({
            id: null,
            result: { ok: false, error: { code: 'INVALID_INPUT', message: 'The message is not JSON.' } },
          }),
        );
        return;
      }
      const { id, method, input } = (message ?? {}) as { id?: unknown; method?: unknown; input?: unknown };
      void host.call(conn, method, input).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: id ?? null, result }));
      });
    });
    // A malformed frame (bad UTF-8, too big) is reported here and the socket closed; unheard, it would end the process.
    ws.on('error', (error) => host.context.log.warn(`WebSocket closed after a bad frame: ${error.message}`));
    ws.on('close', () => {
      sockets.delete(ws);
      connections.delete(conn);
      host.disconnect(conn);
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, bind, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${bind === '0.0.0.0' ? '127.0.0.1' : bind}:${port}/?token=${token}`;
  host.context.blobs.publicOrigin = (options.publicOrigin ?? new URL(url).origin).replace(/\/+$/, '');

  return {
    url,
    port,
    token,
    async close() {
      host.context.blobs.publicOrigin = null;
      for (const ws of sockets) ws.close(1001, 'server shutting down');
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
