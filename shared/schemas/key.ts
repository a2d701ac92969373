import { z } from 'zod';
import { DisplayName, Id, Timestamp } from './common';

/** A key pair as the UI sees it: never the private half. */
export const KeyInfo = z.object({
  id: Id,
  name: DisplayName,
  /** Base64 DER body for `ALTER USER … SET RSA_PUBLIC_KEY`. */
  publicKey: z.string(),
  /** `SHA256:…`, as `DESC USER` shows RSA_PUBLIC_KEY_FP. */
  fingerprint: z.string(),
  encrypted: z.boolean(),
  createdAt: Timestamp,
});
export type KeyInfo = z.infer<typeof KeyInfo>;
