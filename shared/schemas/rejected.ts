import { z } from 'zod';
import { Id } from './common';
import { RejectedRow } from './run';

/**
 * A run's rejected rows, one group per reason (and destination message): how many, how many are
 * still open, how many of those a retry could get through, and the first few of each. Grouped
 * by core in SQL, so a run with a million rejections is summed, not listed.
 */
export const RejectedGroup = z.object({
  reason: z.string(),
  destinationMessage: z.string().nullable(),
  rows: z.number().int().nonnegative(),
  /** Not delivered by a later run yet. */
  open: z.number().int().nonnegative(),
  /** Open and marked retryable: the destination did not acknowledge them, rather than refuse them. */
  retryable: z.number().int().nonnegative(),
  /** The group's first rows, in the order they were rejected. */
  first: z.array(RejectedRow),
});
export type RejectedGroup = z.infer<typeof RejectedGroup>;

export const RejectedGroups = z.object({
  /** Over every rejected row of the run, not only the groups listed. */
  total: z.object({ rows: z.number().int().nonnegative(), open: z.number().int().nonnegative(), retryable: z.number().int().nonnegative(), groups: z.number().int().nonnegative() }),
  /** Most rows first; at most the asked-for number of groups. */
  groups: z.array(RejectedGroup),
});
export type RejectedGroups = z.infer<typeof RejectedGroups>;

/** One run's rejected rows, optionally those of one group (a reason, and a destination message or none). */
export const RejectedQuery = z
  .object({
    runId: Id,
    limit: z.number().int().min(1).max(1000).default(200),
    reason: z.string().max(10_000).optional(),
    /** With `reason`: the group's destination message; null for the group without one. */
    destinationMessage: z.string().max(10_000).nullable().optional(),
  })
  .strict();
export type RejectedQuery = z.infer<typeof RejectedQuery>;

export const RejectedGroupsQuery = z
  .object({
    runId: Id,
    /** Rows listed per group. */
    perGroup: z.number().int().min(1).max(50).default(3),
    groups: z.number().int().min(1).max(200).default(50),
  })
  .strict();
export type RejectedGroupsQuery = z.infer<typeof RejectedGroupsQuery>;
