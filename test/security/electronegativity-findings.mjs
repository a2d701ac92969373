// Pure parts of the Electronegativity step: its CSV read into findings, and the verdict.

/** One CSV line split on commas outside double quotes, quotes removed. */
function cells(line) {
  const out = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}

/** The findings of Electronegativity's CSV (issue, severity, confidence, filename, location, …). */
export function parseFindings(text) {
  const [, ...rows] = text.split(/\r?\n/).filter((line) => line.trim());
  return rows.map((row) => {
    const [check, severity, confidence, file, location, sample, description] = cells(row);
    return { check, severity: severity.toUpperCase(), confidence, file, location, sample, description };
  });
}

const SEVERE = new Set(['HIGH', 'MEDIUM']);
const counted = (list, severity) => list.filter((f) => f.severity === severity).length;

/** Whether the scan passes (no high or medium finding left unreviewed), and the lines to print. */
export function verdict(findings, reviewed) {
  const isReviewed = (f) => reviewed.some((r) => r.check === f.check && r.file === f.file);
  const open = findings.filter((f) => !isReviewed(f));
  const accepted = findings.filter(isReviewed);
  const failing = open.filter((f) => SEVERE.has(f.severity));
  const lines = findings.map((f) => `${isReviewed(f) ? 'reviewed' : SEVERE.has(f.severity) ? 'FINDING ' : 'note    '}  ${f.severity} ${f.check} ${f.file}:${f.location} ${f.description}`);
  for (const r of reviewed) if (!findings.some((f) => f.check === r.check && f.file === r.file)) lines.push(`no longer found (remove it from the reviewed list): ${r.check} ${r.file}`);
  lines.push(
    `electronegativity: ${counted(open, 'HIGH')} high, ${counted(open, 'MEDIUM')} medium, ${counted(open, 'LOW')} low open; reviewed and accepted: ${accepted.map((f) => `${f.severity.toLowerCase()} ${f.check}`).join(', ') || 'none'}`,
  );
  return { ok: failing.length === 0, lines };
}
