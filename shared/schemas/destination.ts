import { z } from 'zod';
import { DisplayName, Id, Timestamp } from './common';

export const DestinationKind = z.enum([
  'amplitude',
  'customerio',
  'clevertap',
  'cluedin',
  'http',
  'file',
]);
export type DestinationKind = z.infer<typeof DestinationKind>;

/**
 * A destination as stored. `settings` holds only non-secret configuration (region, endpoint,
 * batch size…); each destination's own schema validates it, secrets go to the keychain.
 */
export const Destination = z.object({
  id: Id,
  name: DisplayName,
  kind: DestinationKind,
  settings: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Destination = z.infer<typeof Destination>;

export const DestinationDraft = Destination.pick({ name: true, kind: true, settings: true });
export type DestinationDraft = z.infer<typeof DestinationDraft>;
