import { useEffect, useState } from 'react';
import type { FolderCheck } from '../../../../../shared/ipc/contract';
import { isAbsoluteFolder, RELATIVE_FOLDER } from '../../../../../shared/destinations/file';
import { Field, TextField } from '../../../components/field';
import { floe, toIpcError, unwrap } from '../../../lib/api';
import { oneOf, text, type FieldsProps, type KindForm } from './types';
import './file.css';

interface FileValues {
  directory: string;
  format: 'ndjson' | 'csv';
  prefix: string;
}

type Look = { directory: string; check: FolderCheck | null; creating: boolean; created: boolean; error: string | null };

/**
 * The folder as it is on this computer, looked at when the field is left (and when an existing
 * destination opens). A missing one is offered to be created, by name and on a click: Floe never
 * creates it on its own, at save or at run time.
 */
function FolderStatus(props: { directory: string; onCreated: () => void }) {
  const directory = props.directory.trim();
  const [look, setLook] = useState<Look | null>(null);
  const current = look?.directory === directory ? look : null;

  useEffect(() => {
    if (!directory || !isAbsoluteFolder(directory)) return;
    let live = true;
    unwrap(floe.destinations.checkFolder({ directory }))
      .then((check) => live && setLook((l) => ({ directory, check, creating: false, created: l?.directory === directory && l.created, error: null })))
      .catch(() => undefined); // the save will say what is wrong
    return () => {
      live = false;
    };
  }, [directory]);

  if (!current?.check) return null;
  const create = async () => {
    setLook({ ...current, creating: true, error: null });
    try {
      await unwrap(floe.destinations.createFolder({ directory }));
      const check = await unwrap(floe.destinations.checkFolder({ directory }));
      setLook({ directory, check, creating: false, created: true, error: null });
      props.onCreated();
    } catch (e) {
      const error = toIpcError(e);
      setLook({ ...current, creating: false, error: `${error.message} ${error.remedy}` });
    }
  };

  const { check } = current;
  if (check.state === 'ready') {
    return current.created ? (
      <p className="folder-status folder-status-ok" role="status">
        Folder created.
      </p>
    ) : null;
  }
  if (check.state === 'missing') {
    return (
      <div className="folder-status notice notice-warn">
        <p>This folder does not exist yet. Floe creates it only if you ask:</p>
        <button type="button" className="button" onClick={create} disabled={current.creating}>
          {current.creating ? 'Creating…' : `Create folder ${directory}`}
        </button>
        {current.error && (
          <p className="field-error" role="alert">
            {current.error}
          </p>
        )}
      </div>
    );
  }
  return check.problem ? (
    <p className="folder-status field-warning" role="status">
      {check.problem.message} {check.problem.remedy}
    </p>
  ) : null;
}

function FileFields({ values: v, set, errors }: FieldsProps<FileValues>) {
  const [left, setLeft] = useState(v.directory);
  return (
    <>
      <div onBlur={() => setLeft(v.directory)}>
        <TextField
          id="destination-directory"
          label="Folder"
          mono
          placeholder="/home/me/exports"
          value={v.directory}
          onChange={(directory) => set({ directory })}
          error={errors.directory}
          hint="The folder’s full path. Each run writes one file here, atomically: it appears only once complete."
        />
        <FolderStatus directory={left} onCreated={() => set({ directory: v.directory })} />
      </div>
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
    else if (!isAbsoluteFolder(v.directory)) errors.directory = RELATIVE_FOLDER;
    return errors;
  },
  secrets: () => [],
  fields: ['directory', 'format', 'prefix'],
  namePlaceholder: 'Nightly export',
  testEvent: null,
  Fields: FileFields,
};
