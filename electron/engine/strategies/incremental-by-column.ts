import type { Sync } from '../../../shared/schemas';
import { decodeWatermark, incrementalSql } from '../watermark';
import { plainVerdict, type Strategy } from './types';

/**
 * Rows newer than the largest acknowledged value of a timestamp column, read in that column's
 * order so the watermark can advance batch by batch. Only rows the query returned move it (a
 * rejected row offered again never does), and it only moves forward.
 */
export function incrementalByColumn(column: string): Strategy {
  return {
    name: `incremental by ${column}`,
    plan: (sync: Sync, state) => incrementalSql(sync.query, column, decodeWatermark(state.watermark)),
    watermarkColumn: column,
    tracksSnapshots: false,
    verdict: plainVerdict,
    sendsDeletes: false,
    readsEverything: false,
    advance: ({ startedAt, maxWatermark }) => ({ lastSuccessStartedAt: startedAt, ...(maxWatermark ? { watermark: maxWatermark } : {}) }),
  };
}
