import { useEffect, useRef, useState } from 'react';
import './run-search.css';

/** How long typing pauses before the history is asked again: a query per pause, not per keystroke. */
export const SEARCH_DELAY_MS = 250;

/**
 * The history's search box. What is typed shows at once; the search is sent once typing pauses
 * (or on Enter). A search changed from elsewhere (Clear filters) replaces what the box shows and
 * drops a send still waiting, so cleared words do not come back a moment later.
 */
export function RunSearch(props: { id: string; value: string; onSearch(search: string): void }) {
  const [text, setText] = useState(props.value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The search this box last sent: a `value` that differs from it came from elsewhere.
  const sent = useRef(props.value);
  useEffect(() => {
    if (props.value === sent.current) return;
    clearTimeout(timer.current);
    sent.current = props.value;
    setText(props.value);
  }, [props.value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const { onSearch } = props;
  const send = (search: string) => {
    clearTimeout(timer.current);
    sent.current = search;
    onSearch(search);
  };
  return (
    <input
      id={props.id}
      type="search"
      className="input"
      placeholder="Sync name, error text or run id"
      value={text}
      maxLength={200}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => send(next), SEARCH_DELAY_MS);
      }}
      onKeyDown={(e) => e.key === 'Enter' && send(text)}
    />
  );
}
