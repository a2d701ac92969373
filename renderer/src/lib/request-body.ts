/** A request as Floe shows it: a dry run's, or a test event's (secrets already masked by core). */
export interface ShownRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const header = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? '';

/**
 * Pure: a body as people read it. A form-encoded body (Amplitude's identify:
 * `api_key=…&identification=%5B%7B…`) is decoded into one `name=value` line per field; anything
 * else is shown exactly as sent. `decoded` says whether the text differs from the bytes sent.
 */
export function readableBody(request: Pick<ShownRequest, 'headers' | 'body'>): { text: string; decoded: boolean } {
  if (!/^application\/x-www-form-urlencoded\b/i.test(header(request.headers, 'content-type'))) return { text: request.body, decoded: false };
  try {
    const lines = [...new URLSearchParams(request.body)].map(([name, value]) => `${name}=${value}`);
    return { text: lines.join('\n'), decoded: true };
  } catch {
    return { text: request.body, decoded: false };
  }
}

/** Pure: the headers on one line, in the order sent. */
export const headerLine = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');

/** Pure: why a dry run's rows would be rejected, each reason once with how many rows it stops, most first. */
export function rejectionReasons(rows: ReadonlyArray<{ status: string; reason: string | null }>): Array<{ reason: string; rows: number }> {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.status === 'rejected') counts.set(row.reason ?? 'No reason given', (counts.get(row.reason ?? 'No reason given') ?? 0) + 1);
  return [...counts].map(([reason, n]) => ({ reason, rows: n })).sort((a, b) => b.rows - a.rows);
}
