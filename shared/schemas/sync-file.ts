import { z } from 'zod';
import { DEFAULT_ROW_LIMIT, Mapping, Schedule, Strategy } from './sync';

/**
 * A sync as a file (`floe syncs export` / `import`): the connection and destination by name,
 * so the file moves between machines and data folders.
 */
export const SyncFile = z.object({
  name: z.string().trim().min(1),
  connection: z.string().trim().min(1),
  destination: z.string().trim().min(1),
  query: z.string().min(1),
  strategy: Strategy.default('full'),
  /** The destination's data type; without it, the destination's first (HTTP and file: `records`). */
  dataType: z.string().trim().min(1).optional(),
  watermarkColumn: z.string().nullable().default(null),
  primaryKey: z.array(z.string()).default([]),
  /** Without one, the data type's preset (HTTP and file: every column, lower-cased). */
  mapping: Mapping.optional(),
  schedule: Schedule.default({ kind: 'manual' }),
  rowLimit: z.number().int().positive().default(DEFAULT_ROW_LIMIT),
  enabled: z.boolean().default(true),
});
export type SyncFile = z.infer<typeof SyncFile>;
