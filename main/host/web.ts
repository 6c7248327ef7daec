import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { WebSocket } from 'ws';
import type { Host } from './create-host.js';
import type { Connection } from '../kernel/connection.js';
import { httpRoutes, requestUrl, securityHeaders } from './web-routes.js';
import { attachSockets } from './web-socket.js';

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

export { CONTENT_SECURITY_POLICY } from './web-routes.js';

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

  const { serveStatic, serveBlob, servePublic, receiveUpload } = httpRoutes({
    host,
    token,
    rendererRoot,
    connections,
  });

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

  const wss = attachSockets(server, { host, token, sockets, connections });

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
