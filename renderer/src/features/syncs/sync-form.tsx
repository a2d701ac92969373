// The sync editor's sections; sync-editor.tsx lays them out as steps.
import type { Connection, Destination } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { Field, TextField } from '../../components/field';
import { SqlEditor } from '../../components/sql-editor';
import { PreviewTable } from './preview-table';
import { ScheduleEditor } from './schedule-editor';
import { readSchedule } from './schedule-values';
import { dataTypesOf, TEMPLATE, useSyncForm, type FormStrategy } from './sync-form-store';

const STRATEGIES: Array<{ value: FormStrategy; label: string; hint: string }> = [
  { value: 'full', label: 'Full', hint: 'Every row, every run.' },
  { value: 'incremental', label: 'Incremental', hint: 'Only rows newer than the last successful run.' },
  { value: 'diff', label: 'Changed rows only', hint: 'Floe remembers each row it sent by primary key and sends only added and changed rows.' },
];

function ColumnPicker(props: { label: string; columns: string[]; selected: string[]; onToggle: (column: string) => void }) {
  return (
    <div className="column-picker" role="group" aria-label={props.label}>
      {props.columns.map((c) => (
        <label key={c} className={props.selected.includes(c) ? 'column-chip column-chip-on' : 'column-chip'}>
          <input type="checkbox" checked={props.selected.includes(c)} onChange={() => props.onToggle(c)} />
          {c}
        </label>
      ))}
    </div>
  );
}

export function QuerySection() {
  const f = useSyncForm();
  const usesTemplate = f.query.includes(TEMPLATE);
  return (
    <fieldset className="form-section">
      <legend>Query</legend>
      <Field
        id="sync-query"
        label="SQL"
        error={f.errors.query}
        hint={
          <p>
            Snowflake SQL. <code className="template-hint">{TEMPLATE}</code> is a template value: Floe binds it to the start
            time of the last successful run, as a parameter, never pasted into the text.
            {usesTemplate && ' This query uses it.'}
          </p>
        }
      >
        <SqlEditor id="sync-query" label="SQL query" value={f.query} onChange={(query) => f.set({ query })} errorAt={f.preview?.error?.position} />
      </Field>
      <div className="step-toolbar">
        <button type="button" className="button" onClick={() => void f.runPreview()} disabled={f.previewing}>
          Preview
        </button>
        {f.previewing && (
          <p className="progress" role="status">
            <span className="spinner" aria-hidden="true" /> Running the query…
          </p>
        )}
      </div>
      {f.previewError && <ErrorNotice error={f.previewError} />}
      {f.preview && <PreviewTable preview={f.preview} />}
    </fieldset>
  );
}

export function StrategySection() {
  const f = useSyncForm();
  const columns = f.preview && !f.preview.error ? f.preview.columns : [];
  const timestampColumns = columns.filter((c) => /TIMESTAMP|DATE/i.test(c.type)).map((c) => c.name);
  const watermarkChoices = timestampColumns.length ? timestampColumns : columns.map((c) => c.name);
  return (
    <fieldset className="form-section">
      <legend>What each run sends</legend>
      <div className="choice-group" role="radiogroup" aria-label="Strategy">
        {STRATEGIES.map((s) => (
          <label key={s.value} className={f.strategy === s.value ? 'choice choice-selected' : 'choice'}>
            <input type="radio" name="sync-strategy" value={s.value} checked={f.strategy === s.value} onChange={() => f.set({ strategy: s.value })} />
            <span>
              <span className="choice-label">{s.label}</span>
              <span className="choice-hint">{s.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {f.strategy === 'incremental' && (
        <div className="subsection">
          <div className="segmented" role="radiogroup" aria-label="Newer by">
            <label>
              <input type="radio" name="incremental-by" checked={f.incrementalBy === 'template'} onChange={() => f.set({ incrementalBy: 'template' })} />
              The query’s <code>{TEMPLATE}</code>
            </label>
            <label>
              <input type="radio" name="incremental-by" checked={f.incrementalBy === 'column'} onChange={() => f.set({ incrementalBy: 'column' })} />A
              timestamp column
            </label>
          </div>
          {f.incrementalBy === 'column' &&
            (watermarkChoices.length ? (
              <Field id="sync-watermark" label="Timestamp column" error={f.errors.watermarkColumn} hint="Floe remembers the newest value the destination acknowledged.">
                <select id="sync-watermark" className="input input-mono" value={f.watermarkColumn} onChange={(e) => f.set({ watermarkColumn: e.target.value })}>
                  <option value="">Choose…</option>
                  {watermarkChoices.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </Field>
            ) : (
              <TextField
                id="sync-watermark"
                label="Timestamp column"
                mono
                value={f.watermarkColumn}
                onChange={(watermarkColumn) => f.set({ watermarkColumn })}
                error={f.errors.watermarkColumn}
                hint="Preview the query to pick from its columns."
              />
            ))}
          {f.incrementalBy === 'template' && f.errors.watermarkColumn && <p className="field-error">{f.errors.watermarkColumn}</p>}
        </div>
      )}
      <Field
        id="sync-primary-key"
        label={f.strategy === 'diff' || f.type?.needsPrimaryKey ? 'Primary key' : 'Primary key (optional)'}
        error={f.errors.primaryKey}
        hint={
          <>
            {columns.length ? 'The column(s) that identify a row.' : 'Preview the query to pick from its columns, or type them separated by commas.'}
            {f.type?.needsPrimaryKey && !f.errors.primaryKey && ` ${f.destinationLabel} needs one: ${f.type.needsPrimaryKey}`}
          </>
        }
      >
        {columns.length ? (
          <ColumnPicker label="Primary key columns" columns={columns.map((c) => c.name)} selected={f.primaryKey} onToggle={f.togglePrimaryKey} />
        ) : (
          <input
            id="sync-primary-key"
            className="input input-mono"
            value={f.primaryKey.join(', ')}
            spellCheck={false}
            onChange={(e) =>
              f.set({
                primaryKey: e.target.value
                  .split(',')
                  .map((c) => c.trim())
                  .filter(Boolean),
              })
            }
          />
        )}
      </Field>
    </fieldset>
  );
}

export function ScheduleSection() {
  const f = useSyncForm();
  // Core's own refusal of the schedule, when the editor had nothing to say at any field.
  const serverError = f.errors.schedule && !readSchedule(f.schedule).errors ? f.errors.schedule : null;
  return (
    <fieldset className="form-section">
      <legend>When it runs</legend>
      {serverError && (
        <p className="field-error" role="alert">
          {serverError}
        </p>
      )}
      <ScheduleEditor values={f.schedule} offerInterval={f.editing?.schedule.kind === 'interval'} paused={!f.enabled} onChange={f.setSchedule} />
      <div className="form-grid">
        <TextField
          id="sync-row-limit"
          label="Row limit"
          value={f.rowLimit}
          onChange={(rowLimit) => f.set({ rowLimit })}
          error={f.errors.rowLimit}
          hint="A run that reads more rows than this stops with a clear message."
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={f.enabled} onChange={(e) => f.set({ enabled: e.target.checked })} />
        Enabled (untick to save it paused: its schedule does not run until resumed)
      </label>
    </fieldset>
  );
}

/** What the rows become at the destination: a choice where it takes more than one (Amplitude: events or user properties). */
function DataTypeField(props: { destination: Destination | undefined }) {
  const f = useSyncForm();
  const types = dataTypesOf(props.destination);
  const chosen = types.find((t) => t.id === f.dataType);
  if (!props.destination || types.length === 0) return null;
  if (types.length === 1) {
    return (
      <p className="muted small" data-testid="sync-data-type">
        Sends {types[0]!.label.toLowerCase()}: {types[0]!.summary.charAt(0).toLowerCase() + types[0]!.summary.slice(1)}
      </p>
    );
  }
  return (
    <Field id="sync-data-type" label="Data type" error={f.errors.dataType} hint={chosen?.summary}>
      <select
        id="sync-data-type"
        className="input"
        value={f.dataType}
        onChange={(e) => {
          const type = types.find((t) => t.id === e.target.value);
          if (type) f.chooseDataType(type);
        }}
      >
        {!chosen && <option value="">Choose…</option>}
        {types.map((t) => (
          <option key={t.id} value={t.id}>
            {t.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The sync's name and the connection its query runs on: the query step's first fields. */
export function SourceFields(props: { connections: Connection[] }) {
  const f = useSyncForm();
  return (
    <div className="form-grid">
      <TextField id="sync-name" label="Name" value={f.name} onChange={(name) => f.set({ name })} error={f.errors.name} autoFocus={!f.editing} placeholder="Events to webhook" />
      <Field id="sync-connection" label="Connection" error={f.errors.connectionId}>
        <select id="sync-connection" className="input" value={f.connectionId} onChange={(e) => f.set({ connectionId: e.target.value })}>
          <option value="">Choose…</option>
          {props.connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

/** Where the rows go, and what they become there. */
export function DestinationSection(props: { destinations: Destination[] }) {
  const f = useSyncForm();
  return (
    <fieldset className="form-section">
      <legend>Destination</legend>
      <Field id="sync-destination" label="Destination" error={f.errors.destinationId}>
        <select
          id="sync-destination"
          className="input"
          value={f.destinationId}
          onChange={(e) => f.chooseDestination(props.destinations.find((d) => d.id === e.target.value))}
        >
          <option value="">Choose…</option>
          {props.destinations.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <DataTypeField destination={props.destinations.find((d) => d.id === f.destinationId)} />
    </fieldset>
  );
}
