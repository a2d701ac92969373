import type { RowType } from './result-encoding';

// Turns the emulator's wire encoding back into JS values, for the admin `sql()` helper.
// Mirrors what the driver does closely enough for test setup and assertions.
export function decodeValue(type: string, scale: number | null, raw: string | null): unknown {
  if (raw === null) return null;
  switch (type) {
    case 'fixed':
      return scale ? Number(raw) : Number.isSafeInteger(Number(raw)) ? Number(raw) : BigInt(raw);
    case 'real':
      return Number(raw);
    case 'boolean':
      return raw === '1' || raw.toLowerCase() === 'true';
    case 'date':
      return new Date(Number(raw) * 86_400_000).toISOString().slice(0, 10);
    case 'time': {
      const secs = Number(raw);
      const hh = Math.floor(secs / 3600);
      const mm = Math.floor((secs % 3600) / 60);
      const ss = Math.floor(secs % 60);
      return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
    }
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'timestamp_tz':
      return new Date(Math.round(Number(raw.split(' ')[0]) * 1000));
    case 'variant':
    case 'object':
    case 'array':
      return JSON.parse(raw) as unknown;
    case 'binary':
      return Buffer.from(raw, 'hex');
    default:
      return raw;
  }
}

export function decodeRows(rowtype: readonly RowType[], rows: readonly string[]): Record<string, unknown>[] {
  return rows.map((text) => {
    const values = JSON.parse(text) as (string | null)[];
    const out: Record<string, unknown> = {};
    rowtype.forEach((col, i) => {
      out[col.name] = decodeValue(col.type, col.scale, values[i] ?? null);
    });
    return out;
  });
}
