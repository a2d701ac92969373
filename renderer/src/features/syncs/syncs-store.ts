import { createListStore } from '../../lib/list-store';
import { floe } from '../../lib/api';

export const useSyncs = createListStore(() => floe.syncs.list());
