import { net, protocol } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import type { Host } from '../host/create-host.js';
import type { LoginSession } from '../people/sessions.js';
import { CONTENT_SECURITY_POLICY } from '../host/web.js';

/** Must run before app 'ready': app:// behaves like a secure standard origin (fetch, CSP 'self'). */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer at app://desk/ (never file://, so the CSP and origin checks mean something) and
 * big data at app://desk/blob/<prefix>/<rest> for whoever is logged in on the window.
 */
export function serveAppProtocol(
  rendererDir: string,
  host: Host,
  currentLogin: () => LoginSession | null,
): void {
  const root = normalize(rendererDir);
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'desk') return new Response('not found', { status: 404 });
    if (url.pathname.startsWith('/blob/')) {
      const blob = await host.context.blobs.open(
        decodeURIComponent(url.pathname.slice('/blob/'.length)),
        currentLogin(),
      );
      if (blob === null) return new Response('not found', { status: 404 });
      const body = Buffer.isBuffer(blob.body)
        ? new Uint8Array(blob.body)
        : (Readable.toWeb(blob.body) as ReadableStream);
      return new Response(body, { headers: { 'content-type': blob.contentType } });
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) return new Response('forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
