import { create } from 'zustand';
import { destinationHost } from '../../../../shared/destinations';
import type { IpcError } from '../../../../shared/ipc';
import type { Destination, DestinationDraft, DestinationKind } from '../../../../shared/schemas';
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
  /** Typed once, sent to the keychain on save, never read back. */
  secret: string;
  /** Whether the keychain already holds this destination's secret. */
  secretSaved: boolean;
  replacingSecret: boolean;
  /** The edited destination now points at another host: its saved secret will not be sent there. */
  hostMoved: boolean;
  saving: boolean;
  /** By field: `name`, `secret`, or one of the kind's settings. */
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
  setSecret(secret: string): void;
  replaceSecret(): void;
  save(): Promise<boolean>;
}

const DEFAULT_KIND: DestinationKind = 'http';
const formOf = (kind: DestinationKind): KindForm<Values> => kindForm(kind);
const without = (errors: Record<string, string>, keys: string[]) => Object.fromEntries(Object.entries(errors).filter(([k]) => !keys.includes(k)));

const fresh = () => ({
  name: '',
  kind: DEFAULT_KIND,
  values: formOf(DEFAULT_KIND).blank,
  secret: '',
  secretSaved: false,
  replacingSecret: false,
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
    const secret = form.secret(values);
    if (!secret) return;
    try {
      const { present } = await unwrap(floe.secrets.has({ ref: { kind: 'destination', id: destination.id, field: secret.field } }));
      if (get().editing?.id === destination.id) set({ secretSaved: present });
    } catch {
      // Unknown: the form then asks for the secret again, which is safe.
    }
  },
  close: () => set({ open: false, editing: null, secret: '' }),
  setName: (name) => set({ name, errors: without(get().errors, ['name']) }),
  setKind: (kind) => set({ kind, values: formOf(kind).blank, secret: '', secretSaved: false, errors: {} }),
  setValues: (patch) => {
    const { kind, values, errors } = get();
    const form = formOf(kind);
    const next = { ...values, ...patch };
    // A different secret (bearer token → basic password) means the saved one is for another scheme.
    const secretChanged = form.secret(values)?.field !== form.secret(next)?.field;
    // Another host: the saved secret stays with the old one (core clears it), so its field opens for a new one.
    const { editing, hostMoved, secret } = get();
    const moved = !!editing && destinationHost(editing.kind, editing.settings) !== destinationHost(kind, form.toSettings(next, editing.settings));
    const back = hostMoved && !moved && !secret ? { replacingSecret: false } : {};
    const replacing = secretChanged ? { secretSaved: false, secret: '', replacingSecret: false } : moved ? { replacingSecret: true } : back;
    set({ values: next, errors: without(errors, Object.keys(patch)), hostMoved: moved, ...replacing });
  },
  setSecret: (secret) => set({ secret, errors: without(get().errors, ['secret']) }),
  replaceSecret: () => set({ replacingSecret: true, secret: '' }),
  save: async () => {
    const state = get();
    const form = formOf(state.kind);
    const secret = form.secret(state.values);
    // Core clears a destination's secrets when it moves to another host: they were given for the old one.
    const moved = !!state.editing && destinationHost(state.editing.kind, state.editing.settings) !== destinationHost(state.kind, form.toSettings(state.values, state.editing.settings));
    const keepSecret = state.secretSaved && !state.replacingSecret && !moved;
    const problems: Record<string, string> = { ...form.problems(state.values) };
    if (!state.name.trim()) problems.name = form.namePlaceholder ? `Name this destination, e.g. “${form.namePlaceholder}”.` : 'Name this destination.';
    if (secret && !keepSecret && !state.secret) {
      problems.secret = moved ? `This destination now sends to another host, and its saved ${inSentence(secret.label)} stays with the old one: enter it again.` : secret.missing;
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
      let note = '';
      if (secret && state.secret) {
        await unwrap(floe.secrets.set({ ref: { kind: 'destination', id: destination.id, field: secret.field }, value: state.secret }));
        note = ` Its ${inSentence(secret.label)} is saved in the keychain.`;
      }
      set({ ...fresh(), open: false, editing: null, saved: `Saved ${destination.name}.${note}` });
      return true;
    } catch (e) {
      const { fields, rest } = fieldErrors(toIpcError(e), ['name', 'secret', ...form.fields]);
      set({ saving: false, errors: fields, error: rest });
      return false;
    }
  },
}));
