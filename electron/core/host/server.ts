import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { WS_PATH } from '../../../shared/ipc';
import type { Core } from '../core';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { FloeError } from '../errors';
import { cookieName, newToken, originsAllowed, readCookie, tokensEqual } from './auth';
import { assertLoopbackHost } from './loopback';
import { refusalPage } from './refusal-page';
import { resolveStatic, sendFile } from './static-files';
import { bridgeSocket } from './ws-bridge';

export interface HostOptions {
  core: Core;
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token for tests that need to predict it; a fresh random one otherwise. */
  token?: string;
}

export interface Host {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The headless host: the same core as the desktop app, its renderer served on loopback and its
 * IPC contract bridged over a WebSocket. A per-launch token, exchanged once for an HttpOnly
 * cookie, guards every request; Host and Origin checks keep other sites and rebound DNS names out.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const { core } = options;
  const bind = options.host ?? '127.0.0.1';
  assertLoopbackHost(bind);
  const token = options.token ?? newToken();
  const rendererDir = path.resolve(options.rendererDir);
  const indexFile = resolveStatic(rendererDir, '/index.html');
  if (!indexFile) {
    throw new FloeError(
      'renderer_missing',
      `The built user interface was not found in ${rendererDir}.`,
      'Run "npm run build" first (npm run serve does it for you).',
    );
  }

  let port = 0;
  const authorised = (req: IncomingMessage) => tokensEqual(token, readCookie(req.headers.cookie, cookieName(port)));

  const refuse = (res: ServerResponse, status: number, reason: 'missing' | 'stale') => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(refusalPage(reason));
  };

  const server = http.createServer((req, res) => {
    if (!originsAllowed(req, port, false)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: Floe answers only on its loopback address.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!tokensEqual(token, given)) return refuse(res, 401, 'stale');
      // Trade the token for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (!authorised(req)) {
      return refuse(res, 401, readCookie(req.headers.cookie, cookieName(port)) ? 'stale' : 'missing');
    }
    const file = url.pathname === '/' ? indexFile : resolveStatic(rendererDir, url.pathname);
    // Unknown paths get the app itself, so a reload on any in-app address still works.
    sendFile(res, file ?? indexFile, SECURITY_HEADERS);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const tokenOk = authorised(req) || tokensEqual(token, url.searchParams.get('token'));
    if (url.pathname !== WS_PATH || !originsAllowed(req, port, false) || !tokenOk) {
      core.log.warn('host.ws_refused', { path: url.pathname });
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, core.handlers, core.events, core.log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new FloeError('port_in_use', `Port ${options.port} is already in use.`, 'Choose another port with --port, or leave it out to pick a free one.')
          : error,
      ),
    );
    server.listen(options.port ?? 0, bind, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const hostPart = bind.includes(':') ? `[${bind}]` : bind;
  core.log.info('host.started', { port });

  return {
    url: `http://${hostPart}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'Floe is shutting down.');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      core.log.info('host.stopped');
    },
  };
}
