import { protocol } from 'electron';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { declaredLength, uploadsOf } from '../files/uploads.js';
import type { Host } from '../host/create-host.js';
import type { LoginSession } from '../kernel/connection.js';
import { assetResponse } from './assets.js';

/** Must run before app 'ready': app:// behaves like a secure standard origin (fetch, CSP 'self'). */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer at app://desk/ (never file://, so the CSP and origin checks mean something) and
 * big data at app://desk/blob/<prefix>/<rest> for whoever is logged in on the window, and takes library uploads
 * by POST to app://desk/upload (the same code as the web host's `/upload`).
 */
export function serveAppProtocol(
  rendererDir: string,
  host: Host,
  currentLogin: () => LoginSession | null,
): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'desk') return new Response('not found', { status: 404 });
    if (url.pathname === '/upload') {
      // Only the Desk's own window may post here; the bytes stream to disk as they come (see files/uploads.ts).
      if (request.method !== 'POST') return new Response('Uploads are sent with POST.', { status: 405 });
      const origin = request.headers.get('origin');
      if (origin !== null && origin !== 'app://desk')
        return new Response('Uploads come only from the Desk’s own page.', { status: 403 });
      const reply = await uploadsOf(host.context).accept(
        request.body === null ? null : Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>),
        currentLogin(),
        declaredLength(request.headers.get('content-length')),
      );
      return typeof reply.body === 'string'
        ? new Response(reply.body, {
            status: reply.status,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          })
        : Response.json(reply.body);
    }
    if (url.pathname.startsWith('/blob/')) {
      let path: string;
      try {
        path = decodeURIComponent(url.pathname.slice('/blob/'.length));
      } catch {
        return new Response('not found', { status: 404 });
      }
      const blob = await host.context.blobs.open(path, currentLogin());
      if (blob === null) return new Response('not found', { status: 404 });
      const body = Buffer.isBuffer(blob.body)
        ? new Uint8Array(blob.body)
        : (Readable.toWeb(blob.body) as ReadableStream);
      return new Response(body, { headers: { 'content-type': blob.contentType } });
    }
    // Everything else is a file of the built renderer, resolved by assets.ts (404 for any path that is not one).
    return assetResponse(rendererDir, request.url, request.method);
  });
}
