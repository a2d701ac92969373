import type { LockedConnection } from './engine';
import type { RowType } from './result-encoding';

export interface Session {
  id: number;
  token: string;
  masterToken: string;
  tokenExpiresAt: number;
  masterExpiresAt: number;
  user: string;
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  params: Map<string, string | number | boolean>;
  conn: LockedConnection;
  closed: boolean;
}

export interface ChunkSpec {
  startRow: number;
  rowCount: number;
}

export interface QueryResult {
  rowtype: RowType[];
  // Each entry is one row already encoded as a JSON array of strings/nulls.
  inlineRows: string[];
  total: number;
  chunks: ChunkSpec[];
  resultTable: string | null;
  statementTypeId: number;
}

export const STATEMENT_TYPE = {
  select: 0x1000,
  insert: 0x3100,
  update: 0x3200,
  delete: 0x3300,
  merge: 0x3400,
  ddl: 0x6000,
  show: 0x1000,
  use: 0x6000,
} as const;
