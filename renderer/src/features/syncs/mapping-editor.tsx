import type { DataType } from '../../../../shared/destinations';
import type { FieldType } from '../../../../shared/schemas';
import { Field } from '../../components/field';
import { columnChoices, fieldOf, fromOtherColumnsChoice, needOf, otherColumnsChoice, requirements, topLevelOnly, unmappedFields } from './mapping-rules';
import { useSyncForm } from './sync-form-store';

const TYPES: Array<{ value: FieldType; label: string }> = [
  { value: 'auto', label: 'As is' },
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'integer', label: 'Integer' },
  { value: 'boolean', label: 'Boolean' },
  { value: 'timestamp', label: 'Timestamp (ISO-8601)' },
  { value: 'epoch-ms', label: 'Timestamp (epoch ms)' },
  { value: 'json', label: 'JSON' },
];

const FIELDS_LIST = 'mapping-documented-fields';

/** What every record needs (Amplitude: event_type, and user_id or device_id), ticked once a rule maps it. */
function Requirements(props: { type: DataType; destination: string }) {
  const f = useSyncForm();
  const list = requirements(props.type, f.rules);
  if (!list.length) return null;
  return (
    <div className="requirements">
      <span className="field-label">{props.destination || 'The destination'} needs in every row</span>
      <ul className="requirement-list" aria-label="Required fields">
        {list.map((r) => (
          <li key={r.label} className={r.met ? 'check check-done' : 'check check-missing'}>
            <code>{r.label}</code>
            <span className="visually-hidden">{r.met ? ' (mapped)' : ' (not mapped yet)'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Where columns no rule maps go: inside an object the data type names, or nowhere. */
function OtherColumns(props: { type: DataType }) {
  const f = useSyncForm();
  if (props.type.passThroughTo.length === 0) {
    return <p className="muted small">Other columns are not sent: this call takes only the fields above.</p>;
  }
  return (
    <Field id="sync-other-columns" label="Other columns" hint="Each column no field above takes, under its lower-cased name.">
      <select id="sync-other-columns" className="input input-narrow" value={otherColumnsChoice(f)} onChange={(e) => f.set(fromOtherColumnsChoice(e.target.value))}>
        {props.type.passThroughTo.map((to) => (
          <option key={to} value={to}>
            Send inside {to}
          </option>
        ))}
        <option value="none">Don’t send</option>
      </select>
    </Field>
  );
}

function ColumnSelect(props: { index: number; target: string; value: string; columns: string[]; onChange: (column: string) => void }) {
  const f = useSyncForm();
  const { suggested, others } = columnChoices(f.type, props.target, props.columns);
  const options = (list: string[]) =>
    list.map((c) => (
      <option key={c} value={c}>
        {c}
      </option>
    ));
  return (
    <select className="input input-mono" aria-label={`Field ${props.index + 1} column`} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      {!props.columns.includes(props.value) && <option value={props.value}>{props.value || 'Choose…'}</option>}
      {suggested.length ? (
        <>
          <optgroup label="Suggested">{options(suggested)}</optgroup>
          <optgroup label="Other columns">{options(others)}</optgroup>
        </>
      ) : (
        options(others)
      )}
    </select>
  );
}

/** A documented field's summary under its name, and how it is needed. */
function FieldNote(props: { target: string }) {
  const f = useSyncForm();
  const field = fieldOf(f.type, props.target);
  if (!field) return null;
  const need = needOf(f.type, field.target);
  return (
    <div className="rule-note">
      {need && <span className="badge badge-need">{need}</span>} {field.summary}
    </div>
  );
}

/** Columns → destination fields: explicit rules with types, and where the other columns go. */
export function MappingEditor() {
  const f = useSyncForm();
  const columns = f.preview && !f.preview.error ? f.preview.columns.map((c) => c.name) : [];
  const type = f.type;
  const documented = type && type.fields.length > 0 ? type : null;
  const offer = unmappedFields(documented, f.rules);
  return (
    <fieldset className="form-section" aria-describedby={f.errors.mapping ? 'sync-mapping-error' : undefined}>
      <legend>Mapping</legend>
      {documented && <Requirements type={documented} destination={f.destinationLabel} />}
      {topLevelOnly(type) && (
        <label className="checkbox">
          <input type="checkbox" checked={f.passThrough} onChange={(e) => f.set({ passThrough: e.target.checked })} />
          Send every other column too, under its lower-cased name
        </label>
      )}
      {documented && (
        <datalist id={FIELDS_LIST}>
          {documented.fields.map((field) => (
            <option key={field.target} value={field.target} label={field.summary} />
          ))}
        </datalist>
      )}
      {f.rules.length > 0 && (
        <table className="table table-compact mapping-table" aria-label="Mapping rules">
          <thead>
            <tr>
              <th>Destination field</th>
              <th>From</th>
              <th>Column or value</th>
              <th>Type</th>
              <th>Required</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {f.rules.map((r, i) => (
              <tr key={i}>
                <td className="rule-target" data-label="Destination field">
                  <input
                    className="input input-mono"
                    aria-label={`Field ${i + 1} name`}
                    placeholder={documented ? (offer[0]?.target ?? '') : 'user_properties.plan'}
                    value={r.target}
                    spellCheck={false}
                    list={documented ? FIELDS_LIST : undefined}
                    onChange={(e) => f.setRule(i, { target: e.target.value })}
                  />
                  <FieldNote target={r.target} />
                </td>
                <td className="rule-from" data-label="From">
                  <select
                    className="input"
                    aria-label={`Field ${i + 1} takes`}
                    value={r.from}
                    onChange={(e) => f.setRule(i, { from: e.target.value as 'column' | 'static' })}
                  >
                    <option value="column">Column</option>
                    <option value="static">Static value</option>
                  </select>
                </td>
                <td className="rule-source" data-label="Column or value">
                  {r.from === 'static' ? (
                    <input
                      className="input input-mono"
                      aria-label={`Field ${i + 1} static value`}
                      value={r.value}
                      onChange={(e) => f.setRule(i, { value: e.target.value })}
                    />
                  ) : columns.length > 0 ? (
                    <ColumnSelect index={i} target={r.target} value={r.source} columns={columns} onChange={(source) => f.setRule(i, { source })} />
                  ) : (
                    <input
                      className="input input-mono"
                      aria-label={`Field ${i + 1} column`}
                      placeholder="COLUMN_NAME"
                      value={r.source}
                      spellCheck={false}
                      onChange={(e) => f.setRule(i, { source: e.target.value })}
                    />
                  )}
                </td>
                <td className="rule-type" data-label="Type">
                  <select
                    className="input"
                    aria-label={`Field ${i + 1} type`}
                    value={r.type}
                    onChange={(e) => f.setRule(i, { type: e.target.value as FieldType })}
                  >
                    {TYPES.map((t) => (
                      <option key={t.value} value={t.value}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="center rule-required" data-label="Required">
                  <input
                    type="checkbox"
                    aria-label={`Field ${i + 1} required`}
                    checked={r.required}
                    onChange={(e) => f.setRule(i, { required: e.target.checked })}
                  />
                </td>
                <td className="row-actions">
                  <button type="button" className="button" aria-label={`Remove field ${i + 1}`} onClick={() => f.removeRule(i)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="field-hint">
        {documented ? (
          <>
            The fields {f.destinationLabel || 'the destination'} documents are suggested as you type a name, and listed below; once the query
            is previewed, each starts from the column whose name fits it. A dotted name like{' '}
            <code>{documented.passThroughTo[0] ?? 'traits'}.plan</code> builds a nested object.
          </>
        ) : (
          <>
            A dotted name like <code>user_properties.plan</code> builds a nested object.
          </>
        )}{' '}
        A required field that ends up empty rejects the row, with the reason shown in the run.
      </p>
      {f.errors.mapping && (
        <div className="field-error" id="sync-mapping-error" role="alert">
          {f.errors.mapping}
        </div>
      )}
      <div className="mapping-actions">
        <button type="button" className="button" onClick={f.addRule}>
          Add field
        </button>
        {documented && offer.length > 0 && (
          <select className="input" aria-label="Add a documented field" value="" onChange={(e) => e.target.value && f.addField(e.target.value)}>
            <option value="">Add a field {f.destinationLabel || 'the destination'} documents…</option>
            {offer.map((field) => (
              <option key={field.target} value={field.target}>
                {field.target}: {field.summary}
              </option>
            ))}
          </select>
        )}
      </div>
      {type && !topLevelOnly(type) && <OtherColumns type={type} />}
    </fieldset>
  );
}
