import { describe, expect, it } from 'vitest';
import { mergeVitest, passes, summarise, summaryLines } from '../../summary.mjs';

// Issue 15 §1.10: `npm test`'s summary counted failed tests only, so a test file that failed to
// import (no test failed) was reported "0 failed". Shapes as Vitest's and Playwright's JSON reporters write them.
const vitest = {
  numPassedTests: 10,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 0,
  testResults: [
    { name: '/repo/test/unit/ok.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed' }] },
    { name: '/repo/test/unit/broken.test.ts', status: 'failed', message: "Cannot find module './does-not-exist' imported from /repo/test/unit/broken.test.ts\n  at …", assertionResults: [] },
  ],
};
const e2e = { stats: { expected: 3, unexpected: 0, flaky: 0, skipped: 0 }, errors: [{ message: 'SyntaxError: Unexpected token\n  at …', location: { file: '/repo/test/e2e/bad.spec.ts', line: 3, column: 1 } }] };

describe('npm test’s summary', () => {
  it('adds the reliability suite’s report to unit and integration’s, its broken files included', () => {
    const reliability = {
      numPassedTests: 4,
      numFailedTests: 1,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [{ name: '/repo/test/reliability/chaos.test.ts', status: 'failed', message: 'Error: listen EADDRINUSE', assertionResults: [] }],
    };
    const summary = summarise(mergeVitest(vitest, reliability), e2e, '/repo');
    expect(summary).toMatchObject({ passed: 17, failed: 1, skipped: 1 });
    expect(summary.brokenSuites.map((s) => s.file)).toEqual(['test/unit/broken.test.ts', 'test/reliability/chaos.test.ts', 'test/e2e/bad.spec.ts']);
    // A step that wrote no report (it never started) adds nothing; none at all is no report.
    expect(mergeVitest(vitest, undefined)).toEqual(vitest);
    expect(mergeVitest(undefined, undefined)).toBeUndefined();
  });

  it('counts and names the suites that failed outside their tests, in Vitest and Playwright', () => {
    const summary = summarise(vitest, e2e, '/repo');
    expect(summary).toMatchObject({ passed: 13, failed: 0, skipped: 1 });
    expect(summary.brokenSuites).toEqual([
      { file: 'test/unit/broken.test.ts', message: "Cannot find module './does-not-exist' imported from /repo/test/unit/broken.test.ts" },
      { file: 'test/e2e/bad.spec.ts', message: 'SyntaxError: Unexpected token' },
    ]);
    expect(summaryLines(summary).at(-1)).toBe('tests: 13 passed, 0 failed, 1 skipped; suites failed outside their tests: 2');
    expect(passes(summary, [])).toBe(false);
  });

  it('a file whose tests failed is counted by its tests, not again as a broken suite', () => {
    const failing = { ...vitest, numFailedTests: 1, testResults: [{ name: '/repo/test/unit/x.test.ts', status: 'failed', message: '', assertionResults: [{ status: 'failed' }] }] };
    const summary = summarise(failing, { stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 }, errors: [] }, '/repo');
    expect(summary).toMatchObject({ failed: 1, brokenSuites: [] });
    expect(passes(summary, [])).toBe(false);
  });

  it('passes only with every step ok, nothing failed and some test run', () => {
    const clean = summarise({ ...vitest, testResults: [vitest.testResults[0]] }, { stats: e2e.stats, errors: [] });
    expect(passes(clean, [])).toBe(true);
    expect(passes(clean, ['lint'])).toBe(false);
    expect(passes(summarise(undefined, undefined), [])).toBe(false);
  });
});
