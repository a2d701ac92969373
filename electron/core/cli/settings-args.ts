import { z } from 'zod';
import type { DestinationDescriptor } from '../../../shared/destinations';
import { FloeError } from '../errors';

/** The settings a descriptor names, in its schema's order (empty if its schema is not an object). */
export function settingNames(descriptor: DestinationDescriptor<unknown>): string[] {
  return descriptor.settings instanceof z.ZodObject ? Object.keys(descriptor.settings.shape) : [];
}

function fieldSchema(descriptor: DestinationDescriptor<unknown>, name: string): z.ZodType | undefined {
  return descriptor.settings instanceof z.ZodObject ? (descriptor.settings.shape as Record<string, z.ZodType>)[name] : undefined;
}

/**
 * A value typed on the command line, as the setting's schema wants it: the text itself when the
 * setting takes text, else the text read as JSON (a number, true/false, null, an object). When
 * neither fits, the text is kept, so the schema's own message says what is wrong.
 */
function settingValue(schema: z.ZodType | undefined, text: string): unknown {
  if (!schema || schema.safeParse(text).success) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (schema.safeParse(parsed).success) return parsed;
  } catch {
    // not JSON: the text stands, and validation explains
  }
  return text;
}

/**
 * `--setting key=value` pairs as a destination's settings, checked against its descriptor so that
 * no destination needs CLI code of its own. A dotted key sets one entry of an object setting
 * (`headers.X-Source=floe`). Defaults and validation are the descriptor schema's, applied when
 * the destination is saved.
 */
export function settingsFromArgs(descriptor: DestinationDescriptor<unknown>, pairs: readonly string[]): Record<string, unknown> {
  const names = settingNames(descriptor);
  const settings: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new FloeError('invalid_setting', `"${pair}" is not a setting.`, 'Write each as key=value, e.g. --setting format=csv.');
    const key = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1);
    const dot = key.indexOf('.');
    const name = dot < 0 ? key : key.slice(0, dot);
    if (names.length && !names.includes(name)) {
      throw new FloeError(
        'invalid_setting',
        `${descriptor.label} destinations have no setting called "${name}".`,
        `Their settings are: ${names.join(', ')}. See them with: floe destinations kinds`,
      );
    }
    if (dot < 0) {
      settings[name] = settingValue(fieldSchema(descriptor, name), text);
    } else {
      const entry = key.slice(dot + 1);
      const current = settings[name];
      const object = current && typeof current === 'object' ? (current as Record<string, unknown>) : {};
      settings[name] = { ...object, [entry]: text };
    }
  }
  return settings;
}

/** Settings as the descriptor's schema completes them, or the first problem as a clear error. */
export function parsedSettings(descriptor: DestinationDescriptor<unknown>, settings: Record<string, unknown>): unknown {
  const parsed = (descriptor.draftSettings ?? descriptor.settings).safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = issue.path.join('.') || 'settings';
  throw new FloeError('invalid_settings', `${name}: ${issue.message}`, `Set it with --setting ${name}=…`);
}
