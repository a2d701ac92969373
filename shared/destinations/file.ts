import { z } from 'zod';
import { RECORDS, type DestinationDescriptor } from './types';

/** A local file per run: NDJSON or CSV, written atomically. */
export const FileSettings = z.object({
  directory: z.string().min(1, 'Choose the folder the files go to.'),
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  /** The file name before the run's timestamp and extension. */
  prefix: z.string().regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dots, dashes and underscores.').default('floe'),
});
export type FileSettings = z.infer<typeof FileSettings>;

export const file: DestinationDescriptor<FileSettings> = {
  kind: 'file',
  label: 'File',
  summary: 'NDJSON or CSV files in a folder on this computer.',
  settings: FileSettings,
  secretFields: () => [],
  target: (s) => `${s.format.toUpperCase()} files in ${s.directory}`,
  dataTypes: [RECORDS],
};
