import { useEffect, useRef } from 'react';
import { basicSetup, EditorView } from 'codemirror';
import { EditorState, StateEffect, StateField, type Range } from '@codemirror/state';
import { Decoration, MatchDecorator, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { sql, SQLDialect } from '@codemirror/lang-sql';

/**
 * A Snowflake-flavoured dialect. lang-sql replaces (not extends) its default word lists when a
 * dialect gives its own, so the common SQL words are listed here along with Snowflake's.
 */
const KEYWORDS = `select from where and or not null is in as on join inner left right full outer cross natural using
group by order having limit offset fetch first next rows only union all distinct intersect except minus case when
then else end between like ilike rlike regexp exists with recursive insert update delete merge into values set create
replace table view temporary transient if asc desc nulls last over partition window qualify lateral flatten sample
tablesample pivot unpivot match_recognize top true false cast try_cast interval current_date current_time
current_timestamp sysdate any some at before changes show describe use grant role warehouse database schema stage
stream task procedure function returns language`;
const TYPES = `number numeric decimal int integer bigint smallint tinyint byteint float float4 float8 double real
varchar char character string text binary varbinary boolean date datetime time timestamp timestamp_ltz
timestamp_ntz timestamp_tz variant object array geography geometry vector`;

const SnowflakeSQL = SQLDialect.define({
  keywords: KEYWORDS.replace(/\s+/g, ' '),
  types: TYPES.replace(/\s+/g, ' '),
  identifierQuotes: '"',
  hashComments: false,
  slashComments: true,
});

const templateMark = Decoration.mark({
  class: 'cm-template-value',
  attributes: { title: 'Template value: bound as a parameter when the sync runs, never pasted into the SQL' },
});

const templateMatcher = new MatchDecorator({ regexp: /\{\{\s*[a-z_]+\s*\}\}/g, decoration: () => templateMark });

/** `{{last_sync_time}}` and other template values are marked, so they read as values Floe fills in. */
const templateValues = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = templateMatcher.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = templateMatcher.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/**
 * A place in the query to mark as wrong, as a query error gives it (QueryPreview.error.position):
 * line and column from 1; `message` becomes the mark's tooltip.
 */
export interface SqlErrorMark {
  line: number;
  column: number;
  message?: string;
}

const setErrorMark = StateEffect.define<SqlErrorMark | null>();

/** The line, and the word (or character) at the place: where Snowflake stopped reading. */
function errorDecorations(state: EditorState, mark: SqlErrorMark): DecorationSet {
  if (mark.line < 1 || mark.line > state.doc.lines) return Decoration.none;
  const line = state.doc.line(mark.line);
  const decorations: Range<Decoration>[] = [Decoration.line({ class: 'cm-error-line' }).range(line.from)];
  // A place past the line's end (the query ended too soon) marks its last character.
  let from = Math.min(line.from + mark.column - 1, line.to);
  if (from === line.to && line.length > 0) from -= 1;
  let to = from;
  if (/[A-Za-z0-9_$]/.test(line.text[from - line.from] ?? '')) while (to < line.to && /[A-Za-z0-9_$]/.test(line.text[to - line.from]!)) to += 1;
  else to = Math.min(from + 1, line.to);
  if (to > from) decorations.push(Decoration.mark({ class: 'cm-error-mark', attributes: mark.message ? { title: mark.message } : {} }).range(from, to));
  return Decoration.set(decorations);
}

/** The marked error follows edits (it moves with its text, and goes when its text is deleted) until the next one is set. */
const errorMark = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) if (effect.is(setErrorMark)) next = effect.value ? errorDecorations(tr.state, effect.value) : Decoration.none;
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * CodeMirror's styles live in the editor's shadow root: CodeMirror mounts them as constructed
 * style sheets there, which the app's Content-Security-Policy (style-src 'self') allows, where a
 * <style> element in the document would be blocked. The tokens still reach in as inherited variables.
 */
const theme = EditorView.theme({
  '&': { minHeight: '140px', maxHeight: '420px', fontSize: 'var(--text-sm)', backgroundColor: 'var(--color-surface)', color: 'var(--color-text)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
  '.cm-content': { minHeight: '140px' },
  '.cm-gutters': { backgroundColor: 'var(--color-neutral-bg)', borderRight: '1px solid var(--color-border)', color: 'var(--color-text-muted)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--color-border)' },
  '.cm-template-value': {
    backgroundColor: 'var(--color-warn-bg)',
    color: 'var(--color-warn)',
    outline: '1px dashed var(--color-warn)',
    borderRadius: 'var(--radius-sm)',
    fontWeight: '600',
  },
  '.cm-error-line': { backgroundColor: 'var(--color-danger-bg)' },
  '.cm-error-mark': { textDecoration: 'underline wavy var(--color-danger)', textUnderlineOffset: '2px', color: 'var(--color-danger)', fontWeight: '600' },
});

/**
 * A CodeMirror 6 SQL editor as a controlled-ish React input: the editor owns the text, changes
 * flow out. `errorAt` marks where a query error is (its line, and the word there, underlined and
 * scrolled into view); null or absent marks nothing. Pass the error of the text that was run, as
 * the same object while it stands (`preview.error?.position`, not an object made in render): a new
 * object marks anew, and the mark moves with later edits until then.
 */
export function SqlEditor(props: { id: string; label: string; value: string; onChange: (value: string) => void; errorAt?: SqlErrorMark | null }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  useEffect(() => {
    onChange.current = props.onChange;
  }, [props.onChange]);

  useEffect(() => {
    if (!host.current) return;
    const attributes: Record<string, string> = { 'aria-label': props.label, 'aria-multiline': 'true' };
    // Strict mode mounts twice; a shadow root can only be attached once.
    const shadow = host.current.shadowRoot ?? host.current.attachShadow({ mode: 'open' });
    const editor = new EditorView({
      parent: shadow,
      root: shadow,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          basicSetup,
          theme,
          sql({ dialect: SnowflakeSQL, upperCaseKeywords: true }),
          templateValues,
          errorMark,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of(attributes),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later value changes from outside are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== props.value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  // By identity: a new error object (the next preview's) marks again, even at the same place.
  const mark = props.errorAt ?? null;
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const effects: StateEffect<unknown>[] = [setErrorMark.of(mark)];
    if (mark && mark.line >= 1 && mark.line <= editor.state.doc.lines) effects.push(EditorView.scrollIntoView(editor.state.doc.line(mark.line).from, { y: 'center' }));
    editor.dispatch({ effects });
  }, [mark]);

  return <div className="sql-editor" id={props.id} ref={host} />;
}
