import { z } from 'zod';
import { RECORDS, type DestinationDescriptor } from './types';

/** A full path on macOS and Linux (/…) or Windows (C:\…, \\server\share). shared/ has no node:path. */
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\[^\\]+)/;

export const RELATIVE_FOLDER = 'Enter the folder’s full path, starting with / (or a drive such as C:\\ on Windows): a relative path or ~ would depend on where Floe was started.';

/** Whether a folder is written as a full path; a relative one would mean the folder Floe happened to start in. */
export const isAbsoluteFolder = (directory: string): boolean => ABSOLUTE.test(directory.trim());

/** A local file per run: NDJSON or CSV, written atomically, in a folder that exists (Floe creates one only when asked to). */
export const FileSettings = z.object({
  directory: z.string().trim().min(1, 'Choose the folder the files go to.').refine(isAbsoluteFolder, RELATIVE_FOLDER),
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
