export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}
export function parseFindings(text: string): Finding[];
export function verdict(findings: Finding[], reviewed: Array<{ check: string; file: string }>): { ok: boolean; lines: string[] };
