import type { DestinationKind } from '../../../../../shared/schemas';
import { amplitudeForm } from './amplitude';
import { clevertapForm } from './clevertap';
import { cluedinForm } from './cluedin';
import { customerIoForm } from './customerio';
import { fileForm } from './file';
import { httpForm } from './http';
import type { KindForm } from './types';

/**
 * Each destination kind's form, one line each (every kind has one: a kind without it does not
 * compile). Its descriptor and engine module are registered the same way.
 */
const FORMS: Record<DestinationKind, KindForm<never>> = {
  amplitude: amplitudeForm as unknown as KindForm<never>,
  customerio: customerIoForm as unknown as KindForm<never>,
  clevertap: clevertapForm as unknown as KindForm<never>,
  cluedin: cluedinForm as unknown as KindForm<never>,
  http: httpForm as unknown as KindForm<never>,
  file: fileForm as unknown as KindForm<never>,
};

export function kindForm(kind: DestinationKind): KindForm<Record<string, unknown>> {
  return FORMS[kind] as unknown as KindForm<Record<string, unknown>>;
}

export { inSentence } from './types';
export type { FieldsProps, KindForm, SecretInputComponent, SecretSpec } from './types';
