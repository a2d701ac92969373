import net from 'node:net';

export interface Unreachable {
  code: string;
  detail: string;
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * A plain TCP connect to the account's host before signing in. The driver retries a refused or
 * unresolvable host for minutes; this answers in milliseconds with the real cause (a typo in the
 * account gives ENOTFOUND). Skipped behind a proxy, where only the proxy is reachable directly.
 */
export function probe(accessUrl: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<Unreachable | null> {
  if (PROXY_VARS.some((name) => env[name])) return Promise.resolve(null);
  const url = new URL(accessUrl);
  const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port });
    const done = (result: Unreachable | null) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(null)); // slow is not unreachable: let the driver decide
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'ECONNFAILED';
      const detail =
        code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `the name ${url.hostname} does not resolve`
          : code === 'ECONNREFUSED'
            ? `${url.host} refused the connection`
            : `${url.host}: ${error.message}`;
      done({ code, detail });
    });
  });
}
