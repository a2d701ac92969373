export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  brokenSuites: Array<{ file: string; message: string }>;
}
/** Vitest's JSON reports of separate invocations as one (undefined when none was written). */
export function mergeVitest(...reports: unknown[]): unknown;
export function summarise(vitest: unknown, e2e: unknown, root?: string): Summary;
export function summaryLines(summary: Summary): string[];
export function passes(summary: Summary, failedSteps: readonly string[]): boolean;
