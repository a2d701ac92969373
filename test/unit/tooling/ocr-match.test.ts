import { describe, expect, it } from 'vitest';
import { ocrIncludes } from '../../e2e/ocr';

// The secret scan's OCR search (test/e2e/secret-scan.spec.ts): a marker read with a few look-alike
// or dropped characters is still found; a different one of the same shape is not.
describe('finding a marker in OCR text', () => {
  const marker = 'FLOEMARKtoken3fa9c0e1b27d4410';

  it('finds it as printed, wrapped, with look-alikes or a character or two misread', () => {
    expect(ocrIncludes(`Token: ${marker} saved`, marker, 3)).toBe(true);
    expect(ocrIncludes('FLOEMARKtoken3fa9c0e1\nb27d4410', marker, 3)).toBe(true);
    expect(ocrIncludes('FL0EMARKt0ken3fa9cOe1b27d44I0', marker, 3)).toBe(true);
    expect(ocrIncludes('FLOEMARKtcken3fa9c0e1b2d4410', marker, 3)).toBe(true);
  });

  it('does not find it in other text, nor another marker of the same shape', () => {
    expect(ocrIncludes('Floe marks the template value in the editor', marker, 3)).toBe(false);
    expect(ocrIncludes('FLOEMARKtoken77e2d1a0c9b35f82', marker, 3)).toBe(false);
    expect(ocrIncludes('', marker, 3)).toBe(false);
  });
});
