import type { DestinationKind } from '../../../../shared/schemas';

export const DESTINATION_LABEL: Record<DestinationKind, string> = {
  amplitude: 'Amplitude',
  customerio: 'Customer.io',
  clevertap: 'CleverTap',
  cluedin: 'CluedIn',
  http: 'HTTP endpoint',
  file: 'File',
};
