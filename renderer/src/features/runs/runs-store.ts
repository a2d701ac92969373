import { createListStore } from '../../lib/list-store';
import { floe } from '../../lib/api';

export const useRuns = createListStore(() => floe.runs.list({ limit: 100 }));
