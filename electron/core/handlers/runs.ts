import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

export function runHandlers(ctx: CoreContext): Pick<Handlers, 'runs.list' | 'runs.get' | 'runs.cancel' | 'runs.rejected' | 'runs.rejectedGroups' | 'runs.retryRejected' | 'runs.events' | 'runs.batches'> {
  const get = (id: string) => {
    const run = ctx.store.runs.get(id);
    if (!run) throw new FloeError('run_not_found', 'That run no longer exists.', 'Reload the list of runs.');
    return run;
  };
  return {
    'runs.list': (query) => ctx.store.runs.list(query),
    'runs.events': ({ id }) => (get(id), ctx.store.runs.events(id)),
    'runs.batches': ({ runId, limit }) => (get(runId), ctx.store.runBatches.of(runId, limit)),
    'runs.get': ({ id }) => get(id),
    'runs.cancel': async ({ id }) => ({ cancelled: await ctx.engine.cancel(id) }),
    'runs.rejected': ({ runId, limit, reason, destinationMessage }) =>
      ctx.store.runs.rejected(runId, limit, reason === undefined ? undefined : { reason, destinationMessage }),
    'runs.rejectedGroups': ({ runId, perGroup, groups }) => (get(runId), ctx.store.runs.rejectedGroups(runId, perGroup, groups)),
    'runs.retryRejected': async ({ runId }) => {
      const run = get(runId);
      if (ctx.store.runs.openRejectedCount(runId) === 0) {
        throw new FloeError('nothing_to_retry', 'This run has no rejected rows left to retry.', 'Rows delivered by a later run are no longer offered.');
      }
      return (await ctx.engine.start(run.syncId, 'retry', { retryOf: runId })).run;
    },
  };
}
