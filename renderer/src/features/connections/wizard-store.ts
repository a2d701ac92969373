import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type {
  AccountParseResult,
  ConnectionDraft,
  ConnectionObjects,
  ConnectionTestResult,
  GrantRequest,
  KeyInfo,
} from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { isValidUrl } from './web-url';

export type StepId = 'account' | 'auth' | 'access' | 'test' | 'save';
export type AuthMode = 'generate' | 'import' | 'password';

export const STEPS: ReadonlyArray<{ id: StepId; title: string }> = [
  { id: 'account', title: 'Account' },
  { id: 'auth', title: 'Authentication' },
  { id: 'access', title: 'Access' },
  { id: 'test', title: 'Test' },
  { id: 'save', title: 'Save' },
];

/** What the user types or picks; everything else in the store is derived or fetched. */
export interface WizardFields {
  accountInput: string;
  accessUrl: string;
  authMode: AuthMode;
  passphrase: string;
  importPem: string;
  importFileName: string;
  importPassphrase: string;
  user: string;
  role: string;
  warehouse: string;
  database: string;
  schema: string;
  createUser: boolean;
  createRole: boolean;
  createWarehouse: boolean;
  objectsKind: 'all' | 'list';
  tables: string;
  views: string;
  password: string;
  name: string;
}

interface WizardState extends WizardFields {
  open: boolean;
  step: StepId;
  /** Bumped by every start, so answers for an earlier wizard are dropped. */
  session: number;
  takenNames: string[];
  /** Steps the user tried to leave: only then are empty fields flagged. */
  attempted: Partial<Record<StepId, boolean>>;

  parse: AccountParseResult | null;
  parseSeq: number;

  key: KeyInfo | null;
  keyBusy: boolean;
  keyError: IpcError | null;
  /** Draft key pairs this wizard made: in core's memory only, until Save keeps the chosen one. */
  generatedKeyIds: string[];

  sql: string | null;
  sqlError: IpcError | null;
  sqlSeq: number;

  testing: boolean;
  testResult: ConnectionTestResult | null;
  testError: IpcError | null;

  saving: boolean;
  saveError: IpcError | null;
  cancelling: boolean;

  startNew(takenNames: string[]): void;
  setField<K extends keyof WizardFields>(field: K, value: WizardFields[K]): void;
  parseAccount(): Promise<void>;
  generateKey(): Promise<void>;
  importKey(): Promise<void>;
  refreshSql(): Promise<void>;
  next(): void;
  back(): void;
  goTo(step: StepId): void;
  runTest(): Promise<void>;
  save(): Promise<boolean>;
  cancel(): Promise<void>;
}

const EMPTY_FIELDS: WizardFields = {
  accountInput: '',
  accessUrl: '',
  authMode: 'generate',
  passphrase: '',
  importPem: '',
  importFileName: '',
  importPassphrase: '',
  user: 'FLOE_USER',
  role: 'FLOE_ROLE',
  warehouse: 'FLOE_WH',
  database: '',
  schema: '',
  createUser: true,
  createRole: true,
  createWarehouse: true,
  objectsKind: 'all',
  tables: '',
  views: '',
  password: '',
  name: '',
};

const RESET = {
  step: 'account' as StepId,
  attempted: {},
  parse: null,
  key: null,
  keyBusy: false,
  keyError: null,
  generatedKeyIds: [],
  sql: null,
  sqlError: null,
  testing: false,
  testResult: null,
  testError: null,
  saving: false,
  saveError: null,
  cancelling: false,
};

export function splitNames(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function objectsOf(f: WizardFields): ConnectionObjects {
  return f.objectsKind === 'all' ? { kind: 'all' } : { kind: 'list', tables: splitNames(f.tables), views: splitNames(f.views) };
}


export type AccessField = 'user' | 'role' | 'warehouse' | 'database' | 'schema';
export const ACCESS_FIELDS: readonly AccessField[] = ['user', 'role', 'warehouse', 'database', 'schema'];

/** Why each step cannot be left yet, keyed by the field the message belongs next to. */
export function stepProblems(s: WizardState, step: StepId): Record<string, string> {
  const problems: Record<string, string> = {};
  if (step === 'account') {
    if (!s.accountInput.trim()) problems.accountInput = 'Enter your Snowflake account identifier.';
    else if (s.parse && !s.parse.ok) problems.accountInput = s.parse.message;
    else if (!s.parse) problems.accountInput = 'Checking the account identifier…';
    if (s.accessUrl.trim() && !isValidUrl(s.accessUrl.trim()))
      problems.accessUrl = 'Enter a full URL, for example https://myorg-myaccount.privatelink.snowflakecomputing.com.';
  }
  if (step === 'auth' && s.authMode !== 'password' && !s.key) {
    problems.key = s.authMode === 'generate' ? 'Generate a key pair first.' : 'Import a key first.';
  }
  if (step === 'access') {
    for (const field of ACCESS_FIELDS) if (!s[field].trim()) problems[field] = 'Required.';
    if (s.objectsKind === 'list' && splitNames(s.tables).length + splitNames(s.views).length === 0)
      problems.objects = 'Name at least one table or view, or choose all of them.';
    if (s.authMode === 'password' && !s.password) problems.password = 'Enter the password for this user.';
  }
  if (step === 'save' && !s.name.trim()) problems.name = 'Give the connection a name.';
  return problems;
}

/** Which step a failed test points back to, so its remedy can be shown there. */
export function stepOfError(code: string): StepId {
  if (code === 'network' || code === 'timeout') return 'account';
  if (code === 'wrong_password' || code === 'jwt_invalid' || code === 'user_locked') return 'auth';
  if (['role_not_granted', 'object_missing_or_not_authorized', 'insufficient_privileges', 'no_active_warehouse'].includes(code))
    return 'access';
  return 'test';
}

function uniqueName(base: string, taken: string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!lower.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
}

function keyName(account: string): string {
  // Key names are unique; the time to the second keeps a retry from colliding.
  const stamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
  return `${account || 'snowflake'} key ${stamp}`.slice(0, 100);
}

function draftOf(s: WizardState): ConnectionDraft {
  const account = s.parse?.ok ? s.parse.account : s.accountInput.trim();
  return {
    name: s.name.trim() || uniqueName(account, s.takenNames),
    account,
    username: s.user.trim(),
    role: s.role.trim() || null,
    warehouse: s.warehouse.trim() || null,
    database: s.database.trim() || null,
    schema: s.schema.trim() || null,
    authKind: s.authMode === 'password' ? 'password' : 'keypair',
    keyId: s.authMode === 'password' ? null : (s.key?.id ?? null),
    objects: objectsOf(s),
    accessUrl: s.accessUrl.trim() || null,
  };
}

function grantRequestOf(s: WizardState): GrantRequest | null {
  if (ACCESS_FIELDS.some((f) => !s[f].trim())) return null;
  if (s.objectsKind === 'list' && splitNames(s.tables).length + splitNames(s.views).length === 0) return null;
  if (s.authMode !== 'password' && !s.key) return null;
  return {
    user: s.user.trim(),
    role: s.role.trim(),
    warehouse: s.warehouse.trim(),
    database: s.database.trim(),
    schema: s.schema.trim(),
    createUser: s.createUser,
    createRole: s.createRole,
    createWarehouse: s.createWarehouse,
    objects: objectsOf(s),
    auth: s.authMode === 'password' ? { kind: 'password' } : { kind: 'keypair', keyId: s.key!.id },
  };
}

export const useWizard = create<WizardState>((set, get) => {
  /** Runs `apply` only if the wizard that asked is still the one open. */
  const stillOpen = (session: number) => get().open && get().session === session;

  const forgetKeys = async (keep: Array<string | null>) => {
    for (const id of get().generatedKeyIds) {
      // A key still used by a connection is refused by core; that is the answer we want.
      if (!keep.includes(id)) await floe.keys.delete({ id }).catch(() => undefined);
    }
  };

  return {
    ...EMPTY_FIELDS,
    ...RESET,
    open: false,
    session: 0,
    takenNames: [],
    parseSeq: 0,
    sqlSeq: 0,

    startNew: (takenNames) =>
      set((s) => ({ ...EMPTY_FIELDS, ...RESET, open: true, session: s.session + 1, takenNames })),

    setField: (field, value) => set({ [field]: value } as Pick<WizardFields, typeof field>),

    parseAccount: async () => {
      const seq = get().parseSeq + 1;
      const input = get().accountInput.trim();
      set({ parseSeq: seq });
      if (!input) {
        set({ parse: null });
        return;
      }
      try {
        const parse = await unwrap(floe.connections.parseAccount({ input }));
        if (get().parseSeq === seq) set({ parse });
      } catch (error) {
        const e = toIpcError(error);
        if (get().parseSeq === seq) set({ parse: { ok: false, message: e.message, remedy: e.remedy } });
      }
    },

    generateKey: async () => {
      const { session, passphrase, parse } = get();
      if (passphrase && passphrase.length < 8) {
        set({ keyError: { code: 'passphrase_short', message: 'The passphrase is too short.', remedy: 'Use at least 8 characters, or leave it empty.' } });
        return;
      }
      set({ keyBusy: true, keyError: null });
      try {
        const key = await unwrap(
          floe.keys.generate({ name: keyName(parse?.ok ? parse.account : ''), passphrase: passphrase || undefined, draft: true }),
        );
        if (!stillOpen(session)) {
          await floe.keys.delete({ id: key.id });
          return;
        }
        set((s) => ({ key, keyBusy: false, passphrase: '', generatedKeyIds: [...s.generatedKeyIds, key.id] }));
      } catch (error) {
        if (stillOpen(session)) set({ keyBusy: false, keyError: toIpcError(error) });
      }
    },

    importKey: async () => {
      const { session, importPem, importPassphrase, parse } = get();
      if (!importPem.trim()) {
        set({ keyError: { code: 'key_missing', message: 'There is no key to import yet.', remedy: 'Choose a .p8 or .pem file, or paste the private key.' } });
        return;
      }
      set({ keyBusy: true, keyError: null });
      try {
        const key = await unwrap(
          floe.keys.import({ name: keyName(parse?.ok ? parse.account : ''), pem: importPem, passphrase: importPassphrase || undefined, draft: true }),
        );
        if (!stillOpen(session)) {
          await floe.keys.delete({ id: key.id });
          return;
        }
        // The private key leaves the page as soon as core has it.
        set((s) => ({
          key,
          keyBusy: false,
          importPem: '',
          importFileName: '',
          importPassphrase: '',
          generatedKeyIds: [...s.generatedKeyIds, key.id],
        }));
      } catch (error) {
        if (stillOpen(session)) set({ keyBusy: false, keyError: toIpcError(error) });
      }
    },

    refreshSql: async () => {
      const seq = get().sqlSeq + 1;
      set({ sqlSeq: seq });
      const request = grantRequestOf(get());
      if (!request) {
        set({ sql: null, sqlError: null });
        return;
      }
      try {
        const { sql } = await unwrap(floe.connections.grantSql(request));
        if (get().sqlSeq === seq) set({ sql, sqlError: null });
      } catch (error) {
        if (get().sqlSeq === seq) set({ sql: null, sqlError: toIpcError(error) });
      }
    },

    next: () => {
      const s = get();
      const index = STEPS.findIndex((x) => x.id === s.step);
      set({ attempted: { ...s.attempted, [s.step]: true } });
      if (Object.keys(stepProblems(get(), s.step)).length > 0) return;
      const next = STEPS[index + 1];
      if (!next) return;
      set({ step: next.id });
      if (next.id === 'test') void get().runTest();
      if (next.id === 'save' && !get().name.trim()) {
        const account = s.parse?.ok ? s.parse.account : s.accountInput.trim();
        set({ name: uniqueName(account, s.takenNames) });
      }
    },

    back: () => {
      const index = STEPS.findIndex((x) => x.id === get().step);
      if (index > 0) set({ step: STEPS[index - 1]!.id });
    },

    goTo: (step) => set({ step }),

    // The test runs on the unsaved draft: nothing is stored until Save, so a wizard closed
    // half-way (Cancel, another page, the window) leaves no connection and no secret behind.
    runTest: async () => {
      const { session, testing } = get();
      if (testing) return;
      set({ testing: true, testError: null, testResult: null });
      try {
        const s = get();
        const password = s.authMode === 'password' ? s.password || undefined : undefined;
        const result = await unwrap(floe.connections.testDraft({ draft: draftOf(s), password }));
        if (stillOpen(session)) set({ testing: false, testResult: result });
      } catch (error) {
        if (stillOpen(session)) set({ testing: false, testError: toIpcError(error) });
      }
    },

    save: async () => {
      const s = get();
      set({ attempted: { ...s.attempted, save: true } });
      if (Object.keys(stepProblems(get(), 'save')).length > 0) return false;
      set({ saving: true, saveError: null });
      const draft: ConnectionDraft = { ...draftOf(s), name: s.name.trim() };
      const failed = (error: unknown) => {
        set({ saving: false, saveError: toIpcError(error) });
        return false;
      };
      let id: string;
      try {
        // Core saves a draft key pair (to the keychain) together with the connection.
        id = (await unwrap(floe.connections.create(draft))).id;
      } catch (error) {
        return failed(error);
      }
      if (s.authMode === 'password') {
        try {
          await unwrap(floe.secrets.set({ ref: { kind: 'connection', id, field: 'password' }, value: s.password }));
        } catch (error) {
          // A connection without its password would only fail later: take it back out.
          await floe.connections.delete({ id }).catch(() => undefined);
          return failed(error);
        }
      }
      // Tested once more as saved, so the status the list shows is one core recorded.
      await floe.connections.test({ id }).catch(() => undefined);
      await forgetKeys([draft.keyId]);
      set({ ...EMPTY_FIELDS, ...RESET, open: false, session: get().session + 1 });
      return true;
    },

    cancel: async () => {
      set({ cancelling: true });
      await forgetKeys([]);
      set({ ...EMPTY_FIELDS, ...RESET, open: false, session: get().session + 1 });
    },
  };
});
