import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Host } from './create-host.js';
import type { Connection } from '../kernel/connection.js';
import { requestUrl, sameToken } from './web-routes.js';

/**
 * The web host's `/ws?token=`: the token and the Origin are checked at the upgrade, then each socket is one
 * connection to the host (calls in, events out). `sockets` and `connections` are the live ones, for shutdown and
 * for tying blob requests to a login.
 */
export function attachSockets(
  server: Server,
  {
    host,
    token,
    sockets,
    connections,
  }: {
    host: Host;
    token: string;
    sockets: Set<WebSocket>;
    connections: Set<Connection>;
  },
): WebSocketServer {
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

  return wss;
}
