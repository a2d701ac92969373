import { Field, TextField } from '../../../components/field';
import { oneOf, text, type FieldsProps, type KindForm } from './types';

interface FileValues {
  directory: string;
  format: 'ndjson' | 'csv';
  prefix: string;
}

function FileFields({ values: v, set, errors }: FieldsProps<FileValues>) {
  return (
    <>
      <TextField
        id="destination-directory"
        label="Folder"
        mono
        placeholder="/home/me/exports"
        value={v.directory}
        onChange={(directory) => set({ directory })}
        error={errors.directory}
        hint="Each run writes one file here, atomically: it appears only once complete."
      />
      <div className="form-grid">
        <Field id="destination-file-format" label="File format" error={errors.format}>
          <select id="destination-file-format" className="input" value={v.format} onChange={(e) => set({ format: e.target.value as FileValues['format'] })}>
            <option value="ndjson">NDJSON</option>
            <option value="csv">CSV</option>
          </select>
        </Field>
        <TextField
          id="destination-prefix"
          label="File name prefix"
          mono
          value={v.prefix}
          onChange={(prefix) => set({ prefix })}
          error={errors.prefix}
          hint="Followed by the run’s time and the extension."
        />
      </div>
    </>
  );
}

export const fileForm: KindForm<FileValues> = {
  kind: 'file',
  blank: { directory: '', format: 'ndjson', prefix: 'floe' },
  fromSettings: (s) => ({ directory: text(s, 'directory', ''), format: oneOf(s, 'format', ['ndjson', 'csv'], 'ndjson'), prefix: text(s, 'prefix', 'floe') }),
  toSettings: (v, kept) => ({ ...kept, directory: v.directory.trim(), format: v.format, prefix: v.prefix.trim() }),
  problems: (v) => {
    const errors: Record<string, string> = {};
    if (!v.directory.trim()) errors.directory = 'Choose the folder the files go to.';
    return errors;
  },
  secrets: () => [],
  fields: ['directory', 'format', 'prefix'],
  namePlaceholder: 'Nightly export',
  testEvent: null,
  Fields: FileFields,
};
