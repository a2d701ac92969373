import { z } from 'zod';

/**
 * The headless host's WebSocket frames. Same contract as Electron IPC, one JSON object per
 * frame: the client invokes with an id, the host answers with that id or pushes an event.
 */
export const WireRequest = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  input: z.unknown(),
});
export type WireRequest = z.infer<typeof WireRequest>;

export type WireMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; name: string; payload: unknown };
