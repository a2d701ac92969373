import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RawBody {
  buf: Buffer;
  /** Bytes received, including any beyond the cap that were read and discarded. */
  size: number;
  truncated: boolean;
}

/**
 * Reads the whole request body but keeps at most `cap` bytes. The rest is still read (and
 * thrown away) so the client gets to see our 413 instead of a reset connection.
 */
export async function readBody(req: IncomingMessage, cap: number): Promise<RawBody> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  let truncated = false;
  for await (const chunk of req) {
    const c = chunk as Buffer;
    size += c.length;
    if (truncated || kept + c.length > cap) {
      truncated = true;
      continue;
    }
    chunks.push(c);
    kept += c.length;
  }
  return { buf: truncated ? Buffer.alloc(0) : Buffer.concat(chunks), size, truncated };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(buf.length) });
  res.end(buf);
}
