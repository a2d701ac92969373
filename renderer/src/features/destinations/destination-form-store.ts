import { create } from 'zustand';
import { destinationHost } from '../../../../shared/destinations';
import type { IpcError } from '../../../../shared/ipc';
import type { Destination, DestinationDraft, DestinationKind, SecretField } from '../../../../shared/schemas';
import { fieldErrors } from '../../components/field-errors';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { inSentence, kindForm, type KindForm } from './kinds';

type Values = Record<string, unknown>;

interface DestinationFormState {
  open: boolean;
  editing: Destination | null;
  name: string;
  kind: DestinationKind;
  /** The kind's own form values (see kinds/<kind>.tsx). */
  values: Values;
  /** By keychain field: typed once, sent to the keychain on save, never read back. */
  secrets: Record<string, string>;
  /** By keychain field: whether the keychain already holds this destination's secret. */
  savedSecrets: Record<string, boolean>;
  /** By keychain field: a saved secret the user chose to replace, or one a host move asks for again. */
  replacing: Record<string, boolean>;
  /** The edited destination now points at another host: its saved secrets will not be sent there. */
  hostMoved: boolean;
  saving: boolean;
  /** By field: `name`, `secret:<keychain field>`, or one of the kind's settings. */
  errors: Record<string, string>;
  error: IpcError | null;
  /** What the list says after a save. */
  saved: string | null;
  start(): void;
  edit(destination: Destination): Promise<void>;
  close(): void;
  setName(name: string): void;
  setKind(kind: DestinationKind): void;
  setValues(patch: Values): void;
  setSecret(field: SecretField, value: string): void;
  replaceSecret(field: SecretField): void;
  save(): Promise<boolean>;
}

const DEFAULT_KIND: DestinationKind = 'http';
const formOf = (kind: DestinationKind): KindForm<Values> => kindForm(kind);
const without = (errors: Record<string, string>, keys: string[]) => Object.fromEntries(Object.entries(errors).filter(([k]) => !keys.includes(k)));
/** The error key of a secret's input. */
export const secretError = (field: SecretField) => `secret:${field}`;

/** Whether a secret stays as the keychain holds it: saved, not being replaced, and the host unchanged. */
export const keepsSecret = (state: Pick<DestinationFormState, 'savedSecrets' | 'replacing'>, field: SecretField) => !!state.savedSecrets[field] && !state.replacing[field];

/** "token", "token and X-Api-Key", "token, X-Api-Key and X-Tenant". */
const listed = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

const fresh = () => ({
  name: '',
  kind: DEFAULT_KIND,
  values: formOf(DEFAULT_KIND).blank,
  secrets: {},
  savedSecrets: {},
  replacing: {},
  hostMoved: false,
  saving: false,
  errors: {},
  error: null,
});

export const useDestinationForm = create<DestinationFormState>((set, get) => ({
  ...fresh(),
  open: false,
  editing: null,
  saved: null,
  start: () => set({ ...fresh(), open: true, editing: null, saved: null }),
  edit: async (destination) => {
    const form = formOf(destination.kind);
    const values = form.fromSettings(destination.settings);
    set({ ...fresh(), name: destination.name, kind: destination.kind, values, open: true, editing: destination, saved: null });
    // Only whether each is there: a secret is never read back.
    const answers = await Promise.all(
      form.secrets(values).map(async ({ field }) => {
        try {
          const { present } = await unwrap(floe.secrets.has({ ref: { kind: 'destination', id: destination.id, field } }));
          return [field, present] as const;
        } catch {
          return [field, false] as const; // unknown: the form then asks for it again, which is safe
        }
      }),
    );
    if (get().editing?.id === destination.id) set({ savedSecrets: Object.fromEntries(answers) });
  },
  close: () => set({ open: false, editing: null, secrets: {} }),
  setName: (name) => set({ name, errors: without(get().errors, ['name']) }),
  setKind: (kind) => set({ kind, values: formOf(kind).blank, secrets: {}, savedSecrets: {}, replacing: {}, errors: {} }),
  setValues: (patch) => {
    const { kind, values, errors, editing, hostMoved, secrets, savedSecrets, replacing } = get();
    const form = formOf(kind);
    const next = { ...values, ...patch };
    // Another host: the saved secrets stay with the old one (core clears them), so their inputs
    // open for new ones; back on the old host, those left empty show as saved again.
    const moved = !!editing && destinationHost(editing.kind, editing.settings) !== destinationHost(kind, form.toSettings(next, editing.settings));
    let nextReplacing = replacing;
    if (moved && !hostMoved) nextReplacing = { ...replacing, ...Object.fromEntries(Object.keys(savedSecrets).map((f) => [f, true])) };
    if (!moved && hostMoved) nextReplacing = Object.fromEntries(Object.entries(replacing).filter(([f]) => !!secrets[f]));
    set({ values: next, errors: without(errors, Object.keys(patch)), hostMoved: moved, replacing: nextReplacing });
  },
  setSecret: (field, value) => set({ secrets: { ...get().secrets, [field]: value }, errors: without(get().errors, [secretError(field)]) }),
  replaceSecret: (field) => set({ replacing: { ...get().replacing, [field]: true }, secrets: { ...get().secrets, [field]: '' } }),
  save: async () => {
    const state = get();
    const form = formOf(state.kind);
    const specs = form.secrets(state.values);
    // Core clears a destination's secrets when it moves to another host: they were given for the old one.
    const moved = !!state.editing && destinationHost(state.editing.kind, state.editing.settings) !== destinationHost(state.kind, form.toSettings(state.values, state.editing.settings));
    const keeps = (field: SecretField) => keepsSecret(state, field) && !moved;
    const problems: Record<string, string> = { ...form.problems(state.values) };
    if (!state.name.trim()) problems.name = form.namePlaceholder ? `Name this destination, e.g. “${form.namePlaceholder}”.` : 'Name this destination.';
    for (const spec of specs) {
      if (keeps(spec.field) || state.secrets[spec.field]) continue;
      problems[secretError(spec.field)] =
        moved && state.savedSecrets[spec.field] ? `This destination now sends to another host, and its saved ${inSentence(spec.label)} stays with the old one: enter it again.` : spec.missing;
    }
    if (Object.keys(problems).length) {
      set({ errors: problems, error: null });
      return false;
    }
    set({ saving: true, error: null, errors: {} });
    try {
      // Settings this form does not show (batch size, timeouts…) keep their saved values.
      const kept = state.editing && state.editing.kind === state.kind ? state.editing.settings : {};
      const draft: DestinationDraft = { name: state.name.trim(), kind: state.kind, settings: form.toSettings(state.values, kept) };
      const destination = state.editing
        ? await unwrap(floe.destinations.update({ id: state.editing.id, draft }))
        : await unwrap(floe.destinations.create(draft));
      // From here on a retry updates this destination rather than creating a second one.
      set({ editing: destination });
      // Each secret typed goes to the keychain; those kept are not sent again, and those the
      // settings no longer use core has cleared with the update.
      const saved: string[] = [];
      for (const spec of specs) {
        const value = state.secrets[spec.field];
        if (!value || keeps(spec.field)) continue;
        await unwrap(floe.secrets.set({ ref: { kind: 'destination', id: destination.id, field: spec.field }, value }));
        saved.push(inSentence(spec.label));
        set({ savedSecrets: { ...get().savedSecrets, [spec.field]: true }, replacing: { ...get().replacing, [spec.field]: false } });
      }
      const note = saved.length ? ` Its ${listed(saved)} ${saved.length === 1 ? 'is' : 'are'} saved in the keychain.` : '';
      set({ ...fresh(), open: false, editing: null, saved: `Saved ${destination.name}.${note}` });
      return true;
    } catch (e) {
      const { fields, rest } = fieldErrors(toIpcError(e), ['name', ...form.fields]);
      set({ saving: false, errors: fields, error: rest });
      return false;
    }
  },
}));
