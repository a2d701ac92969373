import type { SnowflakeError } from './errors';
import type { QueryResult } from './types';

export type QueryStatus = 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR' | 'ABORTED';

export interface QueryRecord {
  id: string;
  sessionId: number;
  requestId: string | null;
  sqlText: string;
  status: QueryStatus;
  startTime: number;
  endTime: number | null;
  result: QueryResult | null;
  error: SnowflakeError | null;
  controller: AbortController;
  done: Promise<void>;
  final: { database: string | null; schema: string | null; warehouse: string | null; role: string | null };
}

// Keeps recent queries so results, status polls, aborts and chunk downloads can find them.
// Old records are dropped (with their materialised result tables) once the cap is exceeded.
export class QueryRegistry {
  private readonly records = new Map<string, QueryRecord>();
  private readonly byRequest = new Map<string, string>();

  constructor(
    private readonly cap: number,
    private readonly onEvict: (r: QueryRecord) => void,
  ) {}

  add(r: QueryRecord): void {
    this.records.set(r.id, r);
    if (r.requestId) this.byRequest.set(r.requestId, r.id);
    while (this.records.size > this.cap) {
      const oldest = this.records.values().next().value as QueryRecord;
      this.records.delete(oldest.id);
      if (oldest.requestId) this.byRequest.delete(oldest.requestId);
      this.onEvict(oldest);
    }
  }

  get(id: string): QueryRecord | undefined {
    return this.records.get(id);
  }

  byRequestId(requestId: string): QueryRecord | undefined {
    const id = this.byRequest.get(requestId);
    return id ? this.records.get(id) : undefined;
  }

  all(): QueryRecord[] {
    return [...this.records.values()];
  }
}

export async function waitFor(r: QueryRecord, ms: number): Promise<boolean> {
  if (r.status !== 'RUNNING') return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const finished = r.done.then(() => true as const);
  const res = await Promise.race([finished, timeout]);
  clearTimeout(timer);
  return res;
}
