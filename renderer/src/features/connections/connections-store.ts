import { createListStore } from '../../lib/list-store';
import { floe } from '../../lib/api';

export const useConnections = createListStore(() => floe.connections.list());
