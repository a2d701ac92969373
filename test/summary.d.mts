export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  brokenSuites: Array<{ file: string; message: string }>;
}
export function summarise(vitest: unknown, e2e: unknown, root?: string): Summary;
export function summaryLines(summary: Summary): string[];
export function passes(summary: Summary, failedSteps: readonly string[]): boolean;
