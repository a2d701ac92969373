import type { DestinationDraft, DestinationKind } from '../../../shared/schemas';
import { availableLabels, descriptorFor, kindLabel, type DestinationDescriptor } from '../../../shared/destinations';
import { FloeError } from '../errors';

/** The descriptor of a kind this version can send to, or the refusal that names the ones it can. */
export function availableDescriptor(kind: DestinationKind): DestinationDescriptor<unknown> {
  const descriptor = descriptorFor(kind);
  if (!descriptor) {
    throw new FloeError(
      'destination_unavailable',
      `${kindLabel(kind)} destinations are not available in this version of Floe.`,
      `Choose a kind it can send to: ${availableLabels()}.`,
    );
  }
  return descriptor;
}

/** Settings checked (and completed with defaults) by the destination's own schema before saving. */
export function validDestination(draft: DestinationDraft): DestinationDraft {
  const descriptor = availableDescriptor(draft.kind);
  const parsed = descriptor.settings.safeParse(draft.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'settings', i.message]).reverse());
    throw new FloeError('invalid_settings', `${issue.path.join('.') || 'settings'}: ${issue.message}`, 'Correct the destination settings and save again.', { fields });
  }
  return { ...draft, settings: parsed.data as Record<string, unknown> };
}
