import { createListStore } from '../../lib/list-store';
import { floe } from '../../lib/api';

export const useDestinations = createListStore(() => floe.destinations.list());
