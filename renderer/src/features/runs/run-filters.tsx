import { useId } from 'react';
import type { RunStatus, Sync } from '../../../../shared/schemas';
import { FILTER_STATUSES, isFiltered, rangeProblem, type HistoryFilters } from './run-history';
import { STATUS_LABEL } from './run-labels';
import { RunSearch } from './run-search';

/** The history's filters: words to search for, one sync or all, any statuses, a range of days. Each change asks core again. */
export function RunFilters(props: { filters: HistoryFilters; syncs: Sync[]; onChange(change: Partial<HistoryFilters>): void; onClear(): void }) {
  const { filters, onChange } = props;
  const id = useId();
  const problem = rangeProblem(filters);
  const toggle = (status: RunStatus, on: boolean) =>
    onChange({ statuses: on ? [...filters.statuses, status] : filters.statuses.filter((s) => s !== status) });
  // A sync named in the filter that is no longer listed (deleted) stays choosable, so the select shows it.
  const missing = filters.syncId && !props.syncs.some((s) => s.id === filters.syncId);

  return (
    <form className="history-filters" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      <div className="history-filter-row">
        <div className="history-filter history-filter-search">
          <label className="field-label" htmlFor={`${id}-search`}>
            Search runs
          </label>
          <RunSearch id={`${id}-search`} value={filters.search} onSearch={(search) => onChange({ search })} />
        </div>
        <div className="history-filter">
          <label className="field-label" htmlFor={`${id}-sync`}>
            Sync
          </label>
          <select id={`${id}-sync`} className="input" value={filters.syncId ?? ''} onChange={(e) => onChange({ syncId: e.target.value || null })}>
            <option value="">All syncs</option>
            {props.syncs.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
            {missing && <option value={filters.syncId!}>Deleted sync</option>}
          </select>
        </div>
        <div className="history-filter history-filter-date">
          <label className="field-label" htmlFor={`${id}-since`}>
            From
          </label>
          <input
            id={`${id}-since`}
            type="date"
            className="input"
            value={filters.since}
            max={filters.until || undefined}
            onChange={(e) => onChange({ since: e.target.value })}
            aria-invalid={problem ? true : undefined}
          />
        </div>
        <div className="history-filter history-filter-date">
          <label className="field-label" htmlFor={`${id}-until`}>
            To
          </label>
          <input
            id={`${id}-until`}
            type="date"
            className="input"
            value={filters.until}
            min={filters.since || undefined}
            onChange={(e) => onChange({ until: e.target.value })}
            aria-invalid={problem ? true : undefined}
          />
        </div>
        {isFiltered(filters) && (
          <button type="button" className="button button-quiet history-clear" onClick={props.onClear}>
            Clear filters
          </button>
        )}
      </div>
      <fieldset className="history-statuses">
        <legend className="field-label">Status</legend>
        {FILTER_STATUSES.map((status) => {
          const on = filters.statuses.includes(status);
          return (
            <label key={status} className={`status-chip${on ? ' status-chip-on' : ''}`}>
              <input type="checkbox" checked={on} onChange={(e) => toggle(status, e.target.checked)} />
              {STATUS_LABEL[status]}
            </label>
          );
        })}
        <span className="muted small">{filters.statuses.length === 0 ? 'None ticked: every status.' : ''}</span>
      </fieldset>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
