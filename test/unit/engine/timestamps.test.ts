import { createRequire } from 'node:module';
import type { Column } from 'snowflake-sdk';
import { describe, expect, it } from 'vitest';
import { dateMillis, epochMillis, readTimestampsFast, tzEpochMillis } from '../../../electron/engine/source/timestamps';

// The driver's own Column, the reference: Floe's conversion must give the very instants it gives.
const DriverColumn = createRequire(import.meta.url)('snowflake-sdk/dist/lib/connection/result/column.js') as new (options: object) => Column;

const parameters = {
  TIMEZONE: 'America/Los_Angeles',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
};

function column(type: string, scale: number | null, resultVersion = '1'): Column {
  return new DriverColumn({
    columnMetadata: { name: 'C', type, scale, precision: 0, nullable: true },
    index: 0,
    statementParameters: parameters,
    resultVersion,
    onPrecisionLoss: () => undefined,
    onNonJsonCompliantVariant: () => undefined,
  });
}

/** Reads one value as the driver's row stream does: through the column's row reader. */
function read(c: Column, text: string | null): unknown {
  return (c as unknown as { _getRowValue(row: object): unknown })._getRowValue({ _arrayProcessedColumns: [], values: [text] });
}

function instant(value: unknown): number | null {
  if (value === null) return null;
  expect(value).toBeInstanceOf(Date);
  return (value as Date).getTime();
}

/** Both ways, on a fresh column each (the driver caches a converted value in the row). */
function both(type: string, scale: number | null, text: string | null, resultVersion = '1') {
  const fast = column(type, scale, resultVersion);
  readTimestampsFast([fast]);
  return { driver: instant(read(column(type, scale, resultVersion), text)), floe: instant(read(fast, text)) };
}

/** A deterministic spread of values: negative and positive, every scale, sub-millisecond digits. */
function samples(count: number): { scale: number; text: string }[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: { scale: number; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const scale = i % 10;
    const seconds = Math.floor((next() - 0.5) * 2 * 10 ** (1 + (i % 11)));
    const fraction = scale === 0 ? '' : '.' + String(Math.floor(next() * 10 ** scale)).padStart(scale, '0');
    out.push({ scale, text: `${seconds}${fraction}` });
  }
  return out;
}

describe("Floe's timestamp conversion", () => {
  const edges = ['0', '0.000000000', '-0.000000001', '-0.5', '-1.000', '-1.5004', '1.5006', '1704112496.123456789', '-86400.999999999', '253402300799.999999999', '-62135596800.000000000'];

  it.each(['timestamp_ntz', 'timestamp_ltz'])('gives the same instant as the driver for %s, to the millisecond', (type) => {
    for (const { scale, text } of [...edges.map((text) => ({ scale: 9, text })), ...samples(2000)]) {
      const { driver, floe } = both(type, scale, text);
      expect(floe, `${type}(${scale}) ${text}`).toBe(driver);
    }
  });

  it('gives the same instant as the driver for timestamp_tz, whatever the offset', () => {
    for (const { scale, text } of samples(1000)) {
      for (const offsetIndex of [0, 1440, 1500, 2880]) {
        const { driver, floe } = both('timestamp_tz', scale, `${text} ${offsetIndex}`);
        expect(floe, `${text} ${offsetIndex}`).toBe(driver);
      }
    }
  });

  it("leaves result version 0's packed timestamp_tz to the driver", () => {
    expect(tzEpochMillis('27917218951331.75')).toBeNull();
    const packed = String((1704112496 * 16384 + 1500) / 1);
    const { driver, floe } = both('timestamp_tz', 0, packed, '0');
    expect(floe).toBe(driver);
    expect(driver).toBe(1704112496000);
  });

  it('gives the same midnight as the driver for dates', () => {
    for (const text of ['0', '1', '-1', '19723', '-719162', '2932896']) expect(both('date', null, text).floe).toBe(both('date', null, text).driver);
    expect(dateMillis('19723')).toBe(Date.UTC(2024, 0, 1));
  });

  it('keeps nulls null and hands anything unexpected to the driver', () => {
    expect(both('timestamp_ntz', 9, null)).toEqual({ driver: null, floe: null });
    expect(epochMillis('1.5e3')).toBeNull();
    expect(epochMillis('')).toBeNull();
    expect(epochMillis('12 34')).toBeNull();
    expect(dateMillis('1.5')).toBeNull();
    // beyond what a Date can hold, the driver decides
    expect(epochMillis('9000000000000.000')).toBeNull();
  });

  it('leaves other columns to the driver', () => {
    const text = column('text', null);
    const before = (text as unknown as { _getRowValue: unknown })._getRowValue;
    readTimestampsFast([text, column('time', 9), column('fixed', 0)]);
    expect((text as unknown as { _getRowValue: unknown })._getRowValue).toBe(before);
    expect(read(text, 'abc')).toBe('abc');
  });
});
