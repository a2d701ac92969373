import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';

// GS responses: always HTTP 200 and exactly `application/json` (older drivers compare the
// header verbatim), errors as success:false with a string code.

export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let buf = Buffer.concat(chunks);
  // The driver gzips bodies asynchronously and usually sends plain JSON; trust the magic bytes.
  if (buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  if (buf.length === 0) return {};
  try {
    const v: unknown = JSON.parse(buf.toString('utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function sendRawJson(res: ServerResponse, body: string): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': buf.length });
  res.end(buf);
}

export function sendJson(res: ServerResponse, body: unknown): void {
  sendRawJson(res, JSON.stringify(body));
}

export function ok(res: ServerResponse, data: unknown = null, extra: Record<string, unknown> = {}): void {
  sendJson(res, { data, code: null, message: null, success: true, ...extra });
}

export function fail(res: ServerResponse, code: string, message: string, data: Record<string, unknown> | null = null): void {
  sendJson(res, { data, code, message, success: false, headers: null });
}

export function sessionTokenOf(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  const m = h.match(/Snowflake Token="([^"]*)"/);
  return m ? m[1]! : null;
}
