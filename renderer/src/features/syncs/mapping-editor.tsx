import type { FieldType } from '../../../../shared/schemas';
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

/** Columns → destination fields: pass-through of the rest, and explicit rules with types. */
export function MappingEditor() {
  const f = useSyncForm();
  const columns = f.preview?.columns.map((c) => c.name) ?? [];
  return (
    <fieldset className="form-section" aria-describedby={f.errors.mapping ? 'sync-mapping-error' : undefined}>
      <legend>Mapping</legend>
      <label className="checkbox">
        <input type="checkbox" checked={f.passThrough} onChange={(e) => f.set({ passThrough: e.target.checked })} />
        Send every other column too, under its lower-cased name
      </label>
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
                <td>
                  <input
                    className="input input-mono"
                    aria-label={`Field ${i + 1} name`}
                    placeholder="user_properties.plan"
                    value={r.target}
                    spellCheck={false}
                    onChange={(e) => f.setRule(i, { target: e.target.value })}
                  />
                </td>
                <td>
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
                <td>
                  {r.from === 'static' ? (
                    <input
                      className="input input-mono"
                      aria-label={`Field ${i + 1} static value`}
                      value={r.value}
                      onChange={(e) => f.setRule(i, { value: e.target.value })}
                    />
                  ) : columns.length > 0 ? (
                    <select
                      className="input input-mono"
                      aria-label={`Field ${i + 1} column`}
                      value={r.source}
                      onChange={(e) => f.setRule(i, { source: e.target.value })}
                    >
                      {!columns.includes(r.source) && <option value={r.source}>{r.source || 'Choose…'}</option>}
                      {columns.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
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
                <td>
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
                <td className="center">
                  <input
                    type="checkbox"
                    aria-label={`Field ${i + 1} required`}
                    checked={r.required}
                    onChange={(e) => f.setRule(i, { required: e.target.checked })}
                  />
                </td>
                <td className="row-actions">
                  <button type="button" className="button button-quiet" aria-label={`Remove field ${i + 1}`} onClick={() => f.removeRule(i)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="field-hint">
        A dotted name like <code>user_properties.plan</code> builds a nested object. A required field that ends up empty
        rejects the row, with the reason shown in the run.
      </p>
      {f.errors.mapping && (
        <div className="field-error" id="sync-mapping-error" role="alert">
          {f.errors.mapping}
        </div>
      )}
      <button type="button" className="button" onClick={f.addRule}>
        Add field
      </button>
    </fieldset>
  );
}
