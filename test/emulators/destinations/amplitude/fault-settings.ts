import { z } from 'zod';
import { faultSettingsSchema, type FaultSettings } from '../http/faults';

// `POST /__fake/faults` takes the HTTP fake's JSON plus Amplitude's own switches, so a CLI user
// can throttle ids too. (invalidWhen is a function: code only.)

const ids = { users: z.array(z.string()).optional(), devices: z.array(z.string()).optional() };

export const amplitudeExtrasSchema = z
  .object({
    throttle: z.object({ ...ids, forMs: z.number().int().min(0) }).strict().optional(),
    dailyQuota: z.object(ids).strict().nullable().optional(),
  })
  .strict();

export type AmplitudeExtras = z.infer<typeof amplitudeExtrasSchema>;
export type AmplitudeFaultSettings = FaultSettings & z.input<typeof amplitudeExtrasSchema>;

/** Splits and checks the admin JSON; throws on anything either schema refuses. */
export function parseAmplitudeFaults(body: unknown): { base: FaultSettings; extras: AmplitudeExtras } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('fault settings must be a JSON object');
  const { throttle, dailyQuota, ...rest } = body as Record<string, unknown>;
  return { base: faultSettingsSchema.parse(rest), extras: amplitudeExtrasSchema.parse({ throttle, dailyQuota }) };
}
