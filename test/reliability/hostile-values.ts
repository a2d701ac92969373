import type { Random } from './seed';

/**
 * What a hostile or broken client sends where a well-formed value belongs: wrong types,
 * NaN/Infinity spelled as strings, prototype keys, strings that mean something to SQL, paths,
 * templates or HTML, unicode that breaks naive code (lone surrogates, NUL, RTL, zero-width).
 */

/** 1 MB of text: as big as a frame of the host's WebSocket (1 MiB) allows with room for the rest. */
export const HUGE_STRING = 'Floe fuzz 1 MB. '.repeat(62_500);

/** Keys that reach an object's prototype when code assigns them naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  ' 42 ',
  '1_000',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  "'; DROP TABLE syncs; --",
  '" OR 1=1 --',
  '*/ GRANT ALL; /*',
  'a\nGRANT ROLE ACCOUNTADMIN TO USER x;',
  '../../../../etc/passwd',
  '/dev/null',
  'C:\\Windows\\System32',
  '{{last_sync_time}}',
  '${process.env.HOME}',
  '%s%s%s%n',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'https://user:pass@example.com/?api_key=x',
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  'lone \udfff surrogate',
  '\u202eevil\u202c',
  'zero\u200bwidth',
  '😀🚀 unicode ✓ ÄÖÜ 中文 العربية',
  'ＡＢＣ full width',
  'e\u0301 combining',
  '\u2028\u2029',
  '\r\n\r\nX-Injected: 1',
  'x'.repeat(101),
  'y'.repeat(4097),
  'z'.repeat(5_000),
];

export const HOSTILE_NUMBERS: readonly number[] = [
  0, -1, 1, 1.5, -0.5, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 999_999_999_999,
];

/** A random 32-hex-digit UUID (version 4), from the seeded generator: valid-looking, and no one's. */
export function randomId(r: Random): string {
  const hex = (n: number) => Array.from({ length: n }, () => r.int(16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[r.int(4)]}${hex(3)}-${hex(12)}`;
}

/** Sets a field as an own property even when its name is __proto__, as JSON.parse on the other side will. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * 10,000 levels of arrays or objects. No JSON.stringify can write that (its recursion overflows
 * the stack), so a case carries a mark where the nest goes and the frame's text gets the nest
 * spliced in (see withDeepNesting); JSON.parse on the other side reads it fine.
 */
export const DEEP_MARK = { array: '\u0000deep-array\u0000', object: '\u0000deep-object\u0000' } as const;
const DEEP_LEVELS = 10_000;
const deepText = {
  array: '['.repeat(DEEP_LEVELS) + '"bottom"' + ']'.repeat(DEEP_LEVELS),
  object: '{"a":'.repeat(DEEP_LEVELS) + '"bottom"' + '}'.repeat(DEEP_LEVELS),
};

/** A case's JSON with each deep-nesting mark replaced by its 10,000 levels. */
export function withDeepNesting(json: string): string {
  let text = json;
  for (const kind of ['array', 'object'] as const) text = text.split(JSON.stringify(DEEP_MARK[kind])).join(deepText[kind]);
  return text;
}

/** One hostile value of any JSON type (small: the huge and deep ones are planted on purpose). */
export function hostile(r: Random, depth = 0): unknown {
  switch (r.int(depth > 2 ? 7 : 10)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(HOSTILE_NUMBERS) * (r.chance(0.5) ? 1 : -1);
    case 3:
    case 4:
      return r.pick(HOSTILE_STRINGS);
    case 5:
      return r.pick([[], {}, [null], [[]], { '': '' }]);
    case 6:
      return randomWord(r);
    case 7:
      return Array.from({ length: 1 + r.int(4) }, () => hostile(r, depth + 1));
    case 8: {
      const object: Record<string, unknown> = {};
      for (let i = 0, n = 1 + r.int(4); i < n; i++) setOwn(object, r.chance(0.4) ? r.pick(PROTOTYPE_KEYS) : randomWord(r), hostile(r, depth + 1));
      return object;
    }
    default: {
      // A prototype key holding what would poison every object if assigned through.
      const object: Record<string, unknown> = {};
      setOwn(object, r.pick(PROTOTYPE_KEYS), { polluted: 'yes', prototype: { polluted: 'yes' }, isAdmin: true });
      return object;
    }
  }
}

export function randomWord(r: Random): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';
  return Array.from({ length: 1 + r.int(12) }, () => letters[r.int(letters.length)]).join('');
}
