import { describe, expect, it } from 'vitest';
import { parseFindings, verdict } from '../../security/electronegativity-findings.mjs';

// Issue 15 §2's scanner step: Electronegativity's CSV read as it writes it, and what fails npm test.
const CSV = `issue, severity, confidence, filename, location, sample, description, url
OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","electron/main/security.ts","38:40","if (isAllowedExternalUrl(url)) void shell.openExternal(url);","Review the use of openExternal",https://github.com/doyensec/electronegativity/wiki/OPEN_EXTERNAL_JS_CHECK
CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","electron/main/window.ts","24:17","const window = new BrowserWindow({","Review the use of the contextIsolation option",https://github.com/doyensec/electronegativity/wiki/CONTEXT_ISOLATION_JS_CHECK
CSP_GLOBAL_CHECK,"LOW","TENTATIVE","renderer/index.html","5:0",N/A,"One or more CSP directives detected seems to be vulnerable",https://github.com/doyensec/electronegativity/wiki/CSP_GLOBAL_CHECK
`;

describe('the Electronegativity step', () => {
  it('reads each finding, quoted commas and all', () => {
    const findings = parseFindings(CSV);
    expect(findings).toHaveLength(3);
    expect(findings[0]).toMatchObject({ check: 'OPEN_EXTERNAL_JS_CHECK', severity: 'MEDIUM', file: 'electron/main/security.ts', location: '38:40', sample: 'if (isAllowedExternalUrl(url)) void shell.openExternal(url);' });
  });

  it('fails on a high or medium finding nobody reviewed, and says so in its figure', () => {
    const result = verdict(parseFindings(CSV), [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/main/security.ts' }]);
    expect(result.ok).toBe(false);
    expect(result.lines).toContain('FINDING   HIGH CONTEXT_ISOLATION_JS_CHECK electron/main/window.ts:24:17 Review the use of the contextIsolation option');
    expect(result.lines.at(-1)).toBe('electronegativity: 1 high, 0 medium, 1 low open; reviewed and accepted: medium OPEN_EXTERNAL_JS_CHECK');
  });

  it('passes when what is left is low or reviewed, and names a reviewed finding that went away', () => {
    const reviewed = [
      { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/main/security.ts' },
      { check: 'CONTEXT_ISOLATION_JS_CHECK', file: 'electron/main/window.ts' },
      { check: 'PRELOAD_JS_CHECK', file: 'electron/main/window.ts' },
    ];
    const result = verdict(parseFindings(CSV), reviewed);
    expect(result.ok).toBe(true);
    expect(result.lines).toContain('no longer found (remove it from the reviewed list): PRELOAD_JS_CHECK electron/main/window.ts');
  });
});
