import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import { dataTypesOfDestination, kindLabel, type DataType } from '../../../../shared/destinations';
import type { Destination, Mapping, MappingRule, QueryPreview, Schedule, Sync, SyncDraft } from '../../../../shared/schemas';
import { fieldErrors } from '../../components/field-errors';
import { floe, toIpcError, unwrap } from '../../lib/api';
import {
  BLANK_MAPPING,
  fieldOf,
  fitPassThrough,
  mappingValues,
  missingRequirement,
  presetValues,
  retarget,
  ruleFor,
  sameMapping,
  topLevelOnly,
  type MappingValues,
  type RuleRow,
} from './mapping-rules';
import { firstStepWithProblem, type StepId } from './editor-steps';
import { defaultScheduleValues, readSchedule, scheduleInput, scheduleValues, type ScheduleValues } from './schedule-values';
import { useSyncActivity } from './sync-activity-store';

export type FormStrategy = 'full' | 'incremental' | 'diff';
export type { RuleRow } from './mapping-rules';

export interface SyncFormValues {
  name: string;
  connectionId: string;
  destinationId: string;
  /** The destination's data type; its preset is where the mapping starts. */
  dataType: string;
  query: string;
  strategy: FormStrategy;
  incrementalBy: 'template' | 'column';
  watermarkColumn: string;
  primaryKey: string[];
  passThrough: boolean;
  /** Where other columns go with passThrough: '' for the top level, or an object (event_properties). */
  passThroughTo: string;
  rules: RuleRow[];
  /** When it runs: the schedule editor's values, read by the same schema core saves with. */
  schedule: ScheduleValues;
  rowLimit: string;
  enabled: boolean;
}

export const SYNC_FIELDS = [
  'name',
  'connectionId',
  'destinationId',
  'dataType',
  'query',
  'strategy',
  'watermarkColumn',
  'primaryKey',
  'mapping',
  'schedule',
  'rowLimit',
] as const;
export type SyncField = (typeof SYNC_FIELDS)[number];

export const TEMPLATE = '{{last_sync_time}}';

const blank = (): SyncFormValues => ({
  name: '',
  connectionId: '',
  destinationId: '',
  dataType: '',
  query: '',
  strategy: 'full',
  incrementalBy: 'template',
  watermarkColumn: '',
  primaryKey: [],
  ...BLANK_MAPPING,
  schedule: defaultScheduleValues(),
  rowLimit: '40000000',
  enabled: true,
});

function fromSync(s: Sync): SyncFormValues {
  return {
    ...blank(),
    name: s.name,
    connectionId: s.connectionId,
    destinationId: s.destinationId,
    dataType: s.dataType,
    query: s.query,
    strategy: s.strategy === 'incremental' || s.strategy === 'diff' ? s.strategy : 'full',
    incrementalBy: s.watermarkColumn ? 'column' : 'template',
    watermarkColumn: s.watermarkColumn ?? '',
    primaryKey: s.primaryKey,
    ...mappingValues(s.mapping),
    schedule: scheduleValues(s.schedule),
    rowLimit: String(s.rowLimit),
    enabled: s.enabled,
  };
}

/** The data types a destination takes (none before one is chosen). */
export const dataTypesOf = (destination: Destination | undefined): readonly DataType[] => (destination ? dataTypesOfDestination(destination.kind, destination.settings) : []);

const mappingOf = (v: MappingValues): MappingValues => ({ rules: v.rules, passThrough: v.passThrough, passThroughTo: v.passThroughTo });

/** The query's columns, once a preview has read them. */
const columnsOf = (preview: QueryPreview | null): string[] => (preview && !preview.error ? preview.columns.map((c) => c.name) : []);

function staticValue(rule: RuleRow): string | number | boolean {
  if ((rule.type === 'number' || rule.type === 'integer') && rule.value.trim() !== '' && Number.isFinite(Number(rule.value))) return Number(rule.value);
  if (rule.type === 'boolean' && (rule.value === 'true' || rule.value === 'false')) return rule.value === 'true';
  return rule.value;
}

/** The mapping as core takes it. */
export function toMapping(v: MappingValues): Mapping {
  const rules: MappingRule[] = v.rules.map((r) =>
    r.from === 'column'
      ? { target: r.target.trim(), source: r.source.trim(), type: r.type, required: r.required }
      : { target: r.target.trim(), value: staticValue(r), type: r.type, required: r.required },
  );
  return { rules, passThrough: v.passThrough, ...(v.passThrough && v.passThroughTo ? { passThroughTo: v.passThroughTo } : {}) };
}

export function toDraft(v: SyncFormValues): SyncDraft {
  return {
    name: v.name.trim(),
    connectionId: v.connectionId,
    destinationId: v.destinationId,
    dataType: v.dataType,
    query: v.query,
    strategy: v.strategy,
    watermarkColumn: v.strategy === 'incremental' && v.incrementalBy === 'column' ? v.watermarkColumn || null : null,
    primaryKey: v.primaryKey,
    mapping: toMapping(v),
    // Save refuses an unreadable schedule before this; core checks it again with the same schema.
    schedule: readSchedule(v.schedule).schedule ?? (scheduleInput(v.schedule) as Schedule),
    rowLimit: Number(v.rowLimit),
    enabled: v.enabled,
  };
}

/** What the form knows of the destination: the chosen data type, and the destination kind's name for messages. */
export interface DestinationFacts {
  type: DataType | null;
  destinationLabel: string;
}

/** What can be told before asking core; core still checks everything (and the columns) itself. */
export function localProblems(v: SyncFormValues & Partial<DestinationFacts>): Partial<Record<SyncField, string>> {
  const e: Partial<Record<SyncField, string>> = {};
  if (!v.name.trim()) e.name = 'Name this sync, e.g. “Events to webhook”.';
  if (!v.connectionId) e.connectionId = 'Choose the Snowflake connection the query runs on.';
  if (!v.destinationId) e.destinationId = 'Choose where the rows go.';
  else if (!v.dataType) e.dataType = 'Choose what the rows become at the destination.';
  if (!v.query.trim()) e.query = 'Write the SQL query this sync reads.';
  if (v.primaryKey.length === 0) {
    // Core refuses both too; its message for the data type's is the same.
    if (v.type?.needsPrimaryKey) e.primaryKey = `${v.destinationLabel} syncs need a primary key. ${v.type.needsPrimaryKey}`;
    else if (v.strategy === 'diff') e.primaryKey = 'Changed-rows syncs need a primary key: the column(s) that identify a row.';
  }
  if (v.strategy === 'incremental') {
    if (v.incrementalBy === 'column' && !v.watermarkColumn) e.watermarkColumn = 'Pick the timestamp column that says when a row last changed.';
    if (v.incrementalBy === 'template' && !v.query.includes(TEMPLATE)) {
      e.query = `Use ${TEMPLATE} in the query, e.g. WHERE UPDATED_AT > ${TEMPLATE}, or pick a timestamp column instead.`;
    }
  }
  if (v.rules.some((r) => !r.target.trim())) e.mapping = 'Every field needs a destination name.';
  else if (v.rules.some((r) => r.from === 'column' && !r.source.trim())) e.mapping = 'Pick the column each field takes its value from.';
  else {
    const missing = missingRequirement(v.type, v.rules, v.destinationLabel || 'The destination');
    if (missing) e.mapping = missing;
  }
  // The editor shows each schedule problem beside its field; this one only keeps Save from going on.
  const reading = readSchedule(v.schedule);
  if (reading.errors) e.schedule = Object.values(reading.errors)[0] ?? 'Fix the schedule.';
  if (!(Number.isInteger(Number(v.rowLimit)) && Number(v.rowLimit) > 0)) e.rowLimit = 'Enter a whole number of rows, 1 or more.';
  return e;
}

/** Core names a draft's fields under `draft.` (syncs.update, syncs.dryRunDraft); the form's fields are the draft's. */
function draftFields(error: IpcError): IpcError {
  if (!error.fields) return error;
  return { ...error, fields: Object.fromEntries(Object.entries(error.fields).map(([path, message]) => [path.replace(/^draft\./, ''), message])) };
}

/** The draft as text, to tell whether a dry run still shows the draft as it stands. */
export const draftSignature = (v: SyncFormValues) => JSON.stringify(toDraft(v));

interface SyncFormState extends SyncFormValues, DestinationFacts {
  open: boolean;
  /** The editor's step on screen. */
  step: StepId;
  /** The draft the last dry run ran (draftSignature), or null before one. */
  dryRunOf: string | null;
  /**
   * The mapping the data type's preset gave, to tell whether the user has changed it since; null
   * while editing a saved sync, whose mapping is never replaced unless its data type changes.
   */
  presetMapping: MappingValues | null;
  editing: Sync | null;
  saving: boolean;
  errors: Partial<Record<SyncField, string>>;
  error: IpcError | null;
  preview: QueryPreview | null;
  previewing: boolean;
  previewError: IpcError | null;
  saved: Sync | null;
  start(defaults: Partial<SyncFormValues>, destination?: Destination): void;
  /** A destination chosen: its data type (kept if it takes the current one) and, while untouched, its preset mapping. */
  chooseDestination(destination: Destination | undefined): void;
  chooseDataType(type: DataType): void;
  edit(sync: Sync, destination?: Destination): void;
  close(): void;
  set(values: Partial<SyncFormValues>): void;
  /** Some of the schedule's values changed. */
  setSchedule(values: Partial<ScheduleValues>): void;
  togglePrimaryKey(column: string): void;
  addRule(): void;
  /** A rule for one of the data type's documented fields, with the column that suggests itself. */
  addField(target: string): void;
  setRule(index: number, rule: Partial<RuleRow>): void;
  removeRule(index: number): void;
  runPreview(): Promise<void>;
  goStep(step: StepId): void;
  /** Dry-runs the draft as it stands, unsaved; problems found before asking core (or by core) go to their fields and step. */
  dryRun(): Promise<void>;
  save(): Promise<Sync | null>;
}

const fresh = { errors: {}, error: null, preview: null, previewing: false, previewError: null, saving: false, step: 'query' as StepId, dryRunOf: null };

export const useSyncForm = create<SyncFormState>((set, get) => ({
  ...blank(),
  ...fresh,
  open: false,
  editing: null,
  saved: null,
  type: null,
  destinationLabel: '',
  presetMapping: BLANK_MAPPING,
  start: (defaults, destination) => {
    // A dry run on screen was of something else.
    useSyncActivity.getState().closeDryRun();
    set({ ...blank(), ...defaults, ...fresh, open: true, editing: null, saved: null, type: null, destinationLabel: '', presetMapping: BLANK_MAPPING });
    if (destination) get().chooseDestination(destination);
  },
  chooseDestination: (destination) => {
    const types = dataTypesOf(destination);
    const kept = types.find((t) => t.id === get().dataType);
    get().set({ destinationId: destination?.id ?? '' });
    set({ destinationLabel: destination ? kindLabel(destination.kind) : '', ...(kept ? { type: kept } : {}) });
    if (!kept && types[0]) get().chooseDataType(types[0]);
    if (!types.length) set({ type: null });
  },
  chooseDataType: (type) => {
    const state = get();
    // The mapping follows the data type's preset (fitted to the query's columns once a preview
    // has read them) until the user changes it; then it is theirs, its other columns sent where
    // the new data type takes them.
    const current = mappingOf(state);
    const untouched = sameMapping(current, BLANK_MAPPING) || (state.presetMapping !== null && sameMapping(current, state.presetMapping));
    const preset = presetValues(type, columnsOf(state.preview));
    state.set({ dataType: type.id, ...(untouched ? preset : fitPassThrough(type, current)) });
    set({ presetMapping: preset, type });
  },
  edit: (sync, destination) => {
    useSyncActivity.getState().closeDryRun();
    set({
      ...fromSync(sync),
      ...fresh,
      open: true,
      editing: sync,
      saved: null,
      type: dataTypesOf(destination).find((t) => t.id === sync.dataType) ?? null,
      destinationLabel: destination ? kindLabel(destination.kind) : '',
      presetMapping: null,
    });
  },
  close: () => set({ open: false, editing: null, preview: null, dryRunOf: null }),
  set: (values) => {
    const errors = { ...get().errors };
    for (const key of Object.keys(values)) {
      if (key === 'incrementalBy') delete errors.watermarkColumn;
      delete errors[key as SyncField];
    }
    set({ ...values, errors });
  },
  setSchedule: (values) => get().set({ schedule: { ...get().schedule, ...values } }),
  togglePrimaryKey: (column) => {
    const key = get().primaryKey;
    get().set({ primaryKey: key.includes(column) ? key.filter((c) => c !== column) : [...key, column] });
  },
  addRule: () => {
    // A data type with documented fields picks the column once the field is named.
    const first = topLevelOnly(get().type) ? (get().preview?.columns[0]?.name ?? '') : '';
    set({ rules: [...get().rules, { target: '', from: 'column', source: first, value: '', type: 'auto', required: false }] });
  },
  addField: (target) => {
    const { type, preview, rules, errors } = get();
    const field = fieldOf(type, target);
    if (!type || !field) return;
    set({ rules: [...rules, ruleFor(type, field, columnsOf(preview))], errors: { ...errors, mapping: undefined } });
  },
  setRule: (index, rule) => {
    const { type, preview } = get();
    const edit = (r: RuleRow) => (rule.target === undefined ? { ...r, ...rule } : { ...retarget(type, r, rule.target, columnsOf(preview)), ...rule, target: rule.target });
    set({ rules: get().rules.map((r, i) => (i === index ? edit(r) : r)), errors: { ...get().errors, mapping: undefined } });
  },
  removeRule: (index) => set({ rules: get().rules.filter((_, i) => i !== index) }),
  runPreview: async () => {
    const { connectionId, query, editing } = get();
    const problems: Partial<Record<SyncField, string>> = {};
    if (!connectionId) problems.connectionId = 'Choose the Snowflake connection the query runs on.';
    if (!query.trim()) problems.query = 'Write the SQL query this sync reads.';
    if (Object.keys(problems).length) {
      set({ errors: { ...get().errors, ...problems } });
      return;
    }
    set({ previewing: true, previewError: null });
    try {
      const preview = await unwrap(floe.syncs.preview({ connectionId, query, ...(editing ? { syncId: editing.id } : {}) }));
      set({ preview, previewing: false });
      // The query's columns are known now: a mapping still on its preset starts from them.
      const { type, presetMapping } = get();
      if (type && presetMapping && columnsOf(preview).length && sameMapping(mappingOf(get()), presetMapping)) get().chooseDataType(type);
    } catch (e) {
      set({ previewing: false, previewError: toIpcError(e), preview: null });
    }
  },
  goStep: (step) => set({ step }),
  dryRun: async () => {
    const state = get();
    const problems = localProblems(state);
    if (Object.keys(problems).length) {
      set({ errors: problems, error: null, step: firstStepWithProblem(problems) ?? state.step });
      return;
    }
    const signature = draftSignature(state);
    set({ errors: {}, error: null, dryRunOf: signature });
    const refused = await useSyncActivity.getState().startDraftDryRun(toDraft(state), state.editing?.id ?? null);
    if (!refused || get().dryRunOf !== signature) return;
    const { fields } = fieldErrors(draftFields(refused), SYNC_FIELDS);
    if (Object.keys(fields).length) set({ errors: fields, step: firstStepWithProblem(fields) ?? get().step });
  },
  save: async () => {
    const state = get();
    const problems = localProblems(state);
    if (Object.keys(problems).length) {
      set({ errors: problems, error: null, step: firstStepWithProblem(problems) ?? state.step });
      return null;
    }
    set({ saving: true, errors: {}, error: null });
    try {
      const draft = toDraft(state);
      const sync = state.editing
        ? await unwrap(floe.syncs.update({ id: state.editing.id, draft }))
        : await unwrap(floe.syncs.create(draft));
      set({ saving: false, open: false, editing: null, preview: null, saved: sync, dryRunOf: null });
      // The dry run was of the draft; the saved sync has its own.
      useSyncActivity.getState().closeDryRun();
      return sync;
    } catch (e) {
      const { fields, rest } = fieldErrors(draftFields(toIpcError(e)), SYNC_FIELDS);
      set({ saving: false, errors: fields, error: rest, step: firstStepWithProblem(fields) ?? get().step });
      return null;
    }
  },
}));
