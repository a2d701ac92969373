import { useId } from 'react';
import { EmptyState } from './empty-state';
import './list-search.css';

const count = new Intl.NumberFormat();

/**
 * A search box over a list already in memory, filtering as the user types, and how many rows it
 * leaves ("2 of 5 syncs") while it filters. `noun` is the plural the count names ("syncs").
 */
export function ListSearch(props: { label: string; value: string; onChange(value: string): void; shown: number; total: number; noun: string }) {
  const id = useId();
  const filtering = props.value.trim() !== '';
  return (
    <div className="list-search" role="search">
      <label className="visually-hidden" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        type="search"
        className="input list-search-input"
        placeholder={`${props.label}…`}
        value={props.value}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span className="muted small list-search-count" role="status">
        {filtering ? `${count.format(props.shown)} of ${count.format(props.total)} ${props.noun}` : ''}
      </span>
    </div>
  );
}

/** What a list shows when a search finds none of its rows: the search, and a way back to all of them. */
export function NoSearchMatch(props: { noun: string; search: string; onClear(): void }) {
  return (
    <EmptyState
      title={`No ${props.noun} matches “${props.search.trim()}”`}
      action={
        <button type="button" className="button" onClick={props.onClear}>
          Clear search
        </button>
      }
    >
      <p>The search looks for every word you type, in any order, ignoring case and accents. Check the spelling, or use fewer words.</p>
    </EmptyState>
  );
}
