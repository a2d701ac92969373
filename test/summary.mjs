// The one summary line `npm test` ends with, from Vitest's and Playwright's JSON reports. A test
// file that fails to import or throws outside a test fails no test, so counting failed tests
// alone says "0 failed" for a suite that never ran: failed suites are counted and named too.

const firstLine = (text) => String(text ?? '').trim().split('\n')[0].slice(0, 300);

/**
 * Pure: Vitest's reports of separate invocations (unit + integration, then the reliability
 * suite) as one. A report that is missing (its step never ran) adds nothing.
 */
export function mergeVitest(...reports) {
  const present = reports.filter(Boolean);
  if (present.length === 0) return undefined;
  const sum = (key) => present.reduce((total, r) => total + (r[key] ?? 0), 0);
  return {
    numPassedTests: sum('numPassedTests'),
    numFailedTests: sum('numFailedTests'),
    numPendingTests: sum('numPendingTests'),
    numTodoTests: sum('numTodoTests'),
    testResults: present.flatMap((r) => r.testResults ?? []),
  };
}

/** Pure: passed, failed and skipped tests, and the suites that failed outside any test. */
export function summarise(vitest, e2e, root = '') {
  const relative = (file) => (root && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file);
  const files = vitest?.testResults ?? [];
  const brokenFiles = files
    .filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'))
    .map((f) => ({ file: relative(f.name), message: firstLine(f.message) || 'failed outside its tests' }));
  const e2eErrors = (e2e?.errors ?? []).map((e) => ({ file: relative(e.location?.file ?? 'end to end'), message: firstLine(e.message) }));
  return {
    passed: (vitest?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0),
    failed: (vitest?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (e2e?.stats?.flaky ?? 0),
    skipped: (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (e2e?.stats?.skipped ?? 0),
    brokenSuites: [...brokenFiles, ...e2eErrors],
  };
}

/** The lines to print: the broken suites by name, then the counts. */
export function summaryLines(summary) {
  const lines = summary.brokenSuites.map((s) => `failed suite: ${s.file}: ${s.message}`);
  lines.push(`tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped; suites failed outside their tests: ${summary.brokenSuites.length}`);
  return lines;
}

/** Whether the run is a pass: every step ok, no test or suite failed, and some test ran. */
export const passes = (summary, failedSteps) => failedSteps.length === 0 && summary.failed === 0 && summary.brokenSuites.length === 0 && summary.passed > 0;
