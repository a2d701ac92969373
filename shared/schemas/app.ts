import { z } from 'zod';

export const KeychainInfo = z.object({
  /** Human name of the OS store: "macOS Keychain", "Secret Service (GNOME Keyring, KWallet…)". */
  backend: z.string(),
  available: z.boolean(),
  /** When unavailable: what happened and what to do. */
  problem: z.string().nullable(),
});
export type KeychainInfo = z.infer<typeof KeychainInfo>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  databaseFile: z.string(),
  logFile: z.string(),
  keychain: KeychainInfo,
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const AppStatus = z.object({
  runningSyncs: z.number().int().nonnegative(),
  line: z.string(),
});
export type AppStatus = z.infer<typeof AppStatus>;
