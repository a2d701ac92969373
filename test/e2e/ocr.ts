import { spawnSync } from 'node:child_process';

/**
 * The text a person would read in a screenshot, as Tesseract reads it (`apt-get install
 * tesseract-ocr`; .ci/run installs it). The secret scan searches it: a secret drawn on a
 * canvas, in an image or in a pseudo-element is in no DOM text, but it is in the picture.
 */
export function readText(png: string): string {
  const read = spawnSync('tesseract', [png, 'stdout', '--psm', '3'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (read.error) throw new Error(`Could not run tesseract (${read.error.message}): install it with apt-get install -y tesseract-ocr`);
  if (read.status !== 0) throw new Error(`tesseract failed on ${png}: ${read.stderr}`);
  return read.stdout;
}

// OCR mixes up look-alike characters; both sides are folded the same way before comparing.
const LOOK_ALIKE: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', '|': '1', '!': '1', S: '5', B: '8', Z: '2', G: '6' };
const fold = (text: string) =>
  text
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/./g, (c) => LOOK_ALIKE[c] ?? c);

/**
 * Whether `needle` appears in `text` with at most `edits` characters misread, dropped or added
 * (Sellers' approximate substring match: an edit-distance table whose first row is free).
 */
export function ocrIncludes(text: string, needle: string, edits: number): boolean {
  const hay = fold(text);
  const pattern = fold(needle);
  let previous = Array.from({ length: pattern.length + 1 }, (_, i) => i);
  if (previous[pattern.length]! <= edits) return true;
  for (const c of hay) {
    const current = [0];
    for (let j = 1; j <= pattern.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (pattern[j - 1] === c ? 0 : 1));
    }
    if (current[pattern.length]! <= edits) return true;
    previous = current;
  }
  return false;
}
