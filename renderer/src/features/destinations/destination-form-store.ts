import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type { Destination, DestinationDraft } from '../../../../shared/schemas';
import { fieldErrors } from '../../components/field-errors';
import { floe, toIpcError, unwrap } from '../../lib/api';

export type FormKind = 'http' | 'file';
export type AuthKind = 'none' | 'bearer' | 'basic';
export interface HeaderRow {
  key: string;
  value: string;
}

const FIELDS = ['name', 'url', 'method', 'format', 'headers', 'auth', 'basicUsername', 'secret', 'directory', 'prefix'] as const;
type FieldName = (typeof FIELDS)[number];

interface FormValues {
  name: string;
  kind: FormKind;
  url: string;
  method: 'POST' | 'PUT';
  httpFormat: 'json' | 'ndjson';
  gzip: boolean;
  headers: HeaderRow[];
  auth: AuthKind;
  basicUsername: string;
  /** Typed once, sent to the keychain on save, never read back. */
  secret: string;
  directory: string;
  fileFormat: 'ndjson' | 'csv';
  prefix: string;
}

interface DestinationFormState extends FormValues {
  open: boolean;
  editing: Destination | null;
  /** Whether the keychain already holds this destination's token or password. */
  secretSaved: boolean;
  replacingSecret: boolean;
  saving: boolean;
  errors: Partial<Record<FieldName, string>>;
  error: IpcError | null;
  /** What the list says after a save. */
  saved: string | null;
  start(): void;
  edit(destination: Destination): Promise<void>;
  close(): void;
  set(values: Partial<FormValues>): void;
  setHeader(index: number, row: Partial<HeaderRow>): void;
  addHeader(): void;
  removeHeader(index: number): void;
  replaceSecret(): void;
  save(): Promise<boolean>;
}

const blank: FormValues = {
  name: '',
  kind: 'http',
  url: '',
  method: 'POST',
  httpFormat: 'json',
  gzip: false,
  headers: [],
  auth: 'none',
  basicUsername: '',
  secret: '',
  directory: '',
  fileFormat: 'ndjson',
  prefix: 'floe',
};

export const secretField = (auth: AuthKind) => (auth === 'basic' ? 'basicAuth' : 'token');

function fromDestination(d: Destination): FormValues {
  const s = d.settings as Record<string, unknown>;
  const str = (key: string, fallback: string) => (typeof s[key] === 'string' ? (s[key] as string) : fallback);
  const headers = (s.headers && typeof s.headers === 'object' ? s.headers : {}) as Record<string, string>;
  return {
    ...blank,
    name: d.name,
    kind: d.kind === 'file' ? 'file' : 'http',
    url: str('url', ''),
    method: str('method', 'POST') === 'PUT' ? 'PUT' : 'POST',
    httpFormat: str('format', 'json') === 'ndjson' ? 'ndjson' : 'json',
    gzip: s.gzip === true,
    headers: Object.entries(headers).map(([key, value]) => ({ key, value })),
    auth: (['none', 'bearer', 'basic'].includes(str('auth', 'none')) ? str('auth', 'none') : 'none') as AuthKind,
    basicUsername: str('basicUsername', ''),
    directory: str('directory', ''),
    fileFormat: str('format', 'ndjson') === 'csv' ? 'csv' : 'ndjson',
    prefix: str('prefix', 'floe'),
  };
}

function toDraft(v: FormValues, previous: Destination | null): DestinationDraft {
  // Settings this form does not show (batch size, timeouts…) keep their saved values.
  const kept = previous && previous.kind === v.kind ? previous.settings : {};
  if (v.kind === 'file') {
    return { name: v.name.trim(), kind: 'file', settings: { ...kept, directory: v.directory.trim(), format: v.fileFormat, prefix: v.prefix.trim() } };
  }
  const headers = Object.fromEntries(v.headers.filter((h) => h.key.trim() !== '').map((h) => [h.key.trim(), h.value]));
  const settings: Record<string, unknown> = { ...kept, url: v.url.trim(), method: v.method, format: v.httpFormat, gzip: v.gzip, headers, auth: v.auth };
  if (v.auth === 'basic') settings.basicUsername = v.basicUsername;
  else delete settings.basicUsername;
  return { name: v.name.trim(), kind: 'http', settings };
}

function localProblems(v: FormValues, secretSaved: boolean): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  if (!v.name.trim()) errors.name = 'Name this destination, e.g. “Events webhook”.';
  if (v.kind === 'http') {
    if (!v.url.trim()) errors.url = 'Enter the endpoint’s full URL, starting with https://';
    if (v.headers.some((h) => h.key.trim() === '' && h.value !== '')) errors.headers = 'Each header needs a name.';
    if (v.auth === 'basic' && !v.basicUsername.trim()) errors.basicUsername = 'Enter the user name for basic authentication.';
    if (v.auth !== 'none' && !secretSaved && !v.secret) {
      errors.secret = v.auth === 'bearer' ? 'Paste the token the endpoint expects.' : 'Enter the password.';
    }
  } else if (!v.directory.trim()) {
    errors.directory = 'Choose the folder the files go to.';
  }
  return errors;
}

export const useDestinationForm = create<DestinationFormState>((set, get) => ({
  ...blank,
  open: false,
  editing: null,
  secretSaved: false,
  replacingSecret: false,
  saving: false,
  errors: {},
  error: null,
  saved: null,
  start: () => set({ ...blank, open: true, editing: null, secretSaved: false, replacingSecret: false, errors: {}, error: null, saved: null }),
  edit: async (destination) => {
    const values = fromDestination(destination);
    set({ ...values, open: true, editing: destination, secretSaved: false, replacingSecret: false, errors: {}, error: null, saved: null });
    if (values.kind === 'http' && values.auth !== 'none') {
      try {
        const { present } = await unwrap(floe.secrets.has({ ref: { kind: 'destination', id: destination.id, field: secretField(values.auth) } }));
        if (get().editing?.id === destination.id) set({ secretSaved: present });
      } catch {
        // Unknown: the form then asks for the secret again, which is safe.
      }
    }
  },
  close: () => set({ open: false, editing: null, secret: '' }),
  set: (values) => {
    const errors = { ...get().errors };
    for (const key of Object.keys(values)) delete errors[(key === 'httpFormat' || key === 'fileFormat' ? 'format' : key) as FieldName];
    // Changing how the endpoint authenticates means the saved secret is for another scheme.
    const authChanged = values.auth !== undefined && values.auth !== get().auth;
    set({ ...values, errors, ...(authChanged ? { secretSaved: false, secret: '' } : {}) });
  },
  setHeader: (index, row) => set({ headers: get().headers.map((h, i) => (i === index ? { ...h, ...row } : h)), errors: { ...get().errors, headers: undefined } }),
  addHeader: () => set({ headers: [...get().headers, { key: '', value: '' }] }),
  removeHeader: (index) => set({ headers: get().headers.filter((_, i) => i !== index) }),
  replaceSecret: () => set({ replacingSecret: true, secret: '' }),
  save: async () => {
    const state = get();
    const keepSecret = state.secretSaved && !state.replacingSecret;
    const problems = localProblems(state, keepSecret);
    if (Object.keys(problems).length) {
      set({ errors: problems, error: null });
      return false;
    }
    set({ saving: true, error: null, errors: {} });
    try {
      const draft = toDraft(state, state.editing);
      const destination = state.editing
        ? await unwrap(floe.destinations.update({ id: state.editing.id, draft }))
        : await unwrap(floe.destinations.create(draft));
      // From here on a retry updates this destination rather than creating a second one.
      set({ editing: destination });
      let note = '';
      if (state.kind === 'http' && state.auth !== 'none' && state.secret) {
        await unwrap(floe.secrets.set({ ref: { kind: 'destination', id: destination.id, field: secretField(state.auth) }, value: state.secret }));
        note = state.auth === 'bearer' ? ' Its token is saved in the keychain.' : ' Its password is saved in the keychain.';
      }
      set({ ...blank, saving: false, open: false, editing: null, secretSaved: false, replacingSecret: false, saved: `Saved ${destination.name}.${note}` });
      return true;
    } catch (e) {
      const error = toIpcError(e);
      const { fields, rest } = fieldErrors(error, FIELDS);
      set({ saving: false, errors: fields, error: rest });
      return false;
    }
  },
}));
