import type { ComponentType } from 'react';
import type { DestinationKind, SecretField } from '../../../../../shared/schemas';

/** A secret a form collects for its settings, e.g. the bearer token or a secret header's value. */
export interface SecretSpec {
  field: SecretField;
  /** The input's label: "Token", "Password", "API key", "X-Api-Key". */
  label: string;
  /** What to say when it is missing. */
  missing: string;
  /** Where to find it at the vendor, shown beside the input. */
  where?: string;
  /** The kind's own fields show its input (a secret header's, in its row), through `Secret`. */
  inline?: boolean;
}

/** A secret's input, write-only: typed once and saved to the keychain, or shown as saved with "Replace". */
export type SecretInputComponent = ComponentType<{ spec: SecretSpec; id: string; ariaLabel: string }>;

/** What a kind's fields are given: their values, how to change them, and core's or the form's errors. */
export interface FieldsProps<V> {
  values: V;
  set(patch: Partial<V>): void;
  errors: Record<string, string>;
  /** The input of a secret the kind shows itself (`inline`). */
  Secret: SecretInputComponent;
}

/**
 * One destination kind's form: its values, how they map to and from the descriptor's settings,
 * what can be checked before saving, which secret it collects, and its fields. The form around
 * it (name, kind picker, secret, save, errors) is the same for every kind.
 */
export interface KindForm<V> {
  kind: DestinationKind;
  blank: V;
  fromSettings(settings: Record<string, unknown>): V;
  /** `kept` holds saved settings the form does not show (batch size, timeouts…): they stay. */
  toSettings(values: V, kept: Record<string, unknown>): Record<string, unknown>;
  /** Problems found without asking core, by field name; core still checks everything. */
  problems(values: V): Record<string, string>;
  /** The secrets these settings need, each saved in the keychain under its field: what the engine will read. */
  secrets(values: V): SecretSpec[];
  /** Field names core's errors can point at (settings keys). */
  fields: readonly string[];
  namePlaceholder: string;
  /** What "Send test event" sends, for kinds whose engine module can send one (null: no such button). */
  testEvent: string | null;
  /** What the test sends, in the button and its panel: "event" unless said ("record"). */
  testNoun?: string;
  /**
   * Set when the test is stored for real (CluedIn has no dry run): the button then asks once
   * more, with this as the confirming button's words.
   */
  testStores?: string;
  Fields: ComponentType<FieldsProps<V>>;
}

/** A secret's label inside a sentence: "token", "password", but "API key" and "X-Api-Key" keep their capitals. */
export const inSentence = (label: string) => (/^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label);

/** Reads a text setting, or the fallback. */
export const text = (s: Record<string, unknown>, key: string, fallback: string) => (typeof s[key] === 'string' ? (s[key] as string) : fallback);

/** Reads a setting that must be one of `options`, or the fallback. */
export function oneOf<T extends string>(s: Record<string, unknown>, key: string, options: readonly T[], fallback: T): T {
  return options.includes(s[key] as T) ? (s[key] as T) : fallback;
}
