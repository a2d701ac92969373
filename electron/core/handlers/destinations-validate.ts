import type { DestinationDraft } from '../../../shared/schemas';
import { descriptorFor } from '../../../shared/destinations';
import { checkFolder } from '../../engine/destinations/file/folder';
import { FloeError } from '../errors';

/** Settings checked (and completed with defaults) by the destination's own schema before saving. */
export function validDestination(draft: DestinationDraft): DestinationDraft {
  const descriptor = descriptorFor(draft.kind);
  // The kind's checks for saving, which may be stricter than for reading what is stored.
  const parsed = (descriptor.draftSettings ?? descriptor.settings).safeParse(draft.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'settings', i.message]).reverse());
    throw new FloeError('invalid_settings', `${issue.path.join('.') || 'settings'}: ${issue.message}`, 'Correct the destination settings and save again.', { fields });
  }
  if (draft.kind === 'file') {
    // A file destination's folder must be there to save it: Floe creates one only when asked
    // (destinations.createFolder, the form's "Create folder"), never quietly at run time.
    const directory = (parsed.data as { directory: string }).directory;
    const { problem } = checkFolder(directory);
    if (problem) throw new FloeError('folder_unusable', problem.message, problem.remedy, { fields: { directory: problem.message } });
  }
  return { ...draft, settings: parsed.data as Record<string, unknown> };
}
