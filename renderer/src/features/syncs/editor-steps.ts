import type { SyncField } from './sync-form-store';

/**
 * The sync editor's steps, in the order an analyst builds a sync: the query, where its rows go,
 * what each row becomes there, how and when it runs, then a dry run of the draft and save.
 */
export const EDITOR_STEPS = [
  { id: 'query', title: 'Query', fields: ['name', 'connectionId', 'query'] },
  { id: 'destination', title: 'Destination', fields: ['destinationId', 'dataType'] },
  { id: 'mapping', title: 'Mapping', fields: ['mapping'] },
  { id: 'strategy', title: 'Strategy and schedule', fields: ['strategy', 'watermarkColumn', 'primaryKey', 'schedule', 'rowLimit'] },
  { id: 'review', title: 'Dry run and save', fields: [] },
] as const satisfies ReadonlyArray<{ id: string; title: string; fields: readonly SyncField[] }>;

export type StepId = (typeof EDITOR_STEPS)[number]['id'];

/** Pure: the step a field is edited in. */
export function stepOf(field: SyncField): StepId {
  return EDITOR_STEPS.find((s) => (s.fields as readonly SyncField[]).includes(field))?.id ?? 'review';
}

/** Pure: how many problems each step has, for the step list's marks and the footer. */
export function problemsByStep(errors: Partial<Record<SyncField, string | undefined>>): Record<StepId, number> {
  const counts = Object.fromEntries(EDITOR_STEPS.map((s) => [s.id, 0])) as Record<StepId, number>;
  for (const [field, message] of Object.entries(errors)) if (message) counts[stepOf(field as SyncField)] += 1;
  return counts;
}

/** Pure: the first step with a problem, where the editor goes when saving or a dry run is refused; null when none. */
export function firstStepWithProblem(errors: Partial<Record<SyncField, string | undefined>>): StepId | null {
  const counts = problemsByStep(errors);
  return EDITOR_STEPS.find((s) => counts[s.id] > 0)?.id ?? null;
}

/** Pure: the step before or after one, or null at either end. */
export function neighbour(step: StepId, offset: -1 | 1): StepId | null {
  const index = EDITOR_STEPS.findIndex((s) => s.id === step) + offset;
  return EDITOR_STEPS[index]?.id ?? null;
}

/** Pure: the steps with problems in words, for the footer: "Query and Mapping". */
export function stepsInWords(steps: readonly StepId[]): string {
  const titles = steps.map((id) => EDITOR_STEPS.find((s) => s.id === id)!.title);
  return titles.length <= 1 ? (titles[0] ?? '') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`;
}
