import type { IpcError } from '../../../../shared/ipc';
import type { Connection, ConnectionDraft } from '../../../../shared/schemas';
import { fieldErrors } from '../../components/field-errors';
import { isValidUrl } from './web-url';

/** A saved connection's fields as the edit form shows them. Sign-in method, key and objects are not edited here. */
export interface EditValues {
  name: string;
  account: string;
  user: string;
  role: string;
  warehouse: string;
  database: string;
  schema: string;
  accessUrl: string;
  /** Password connections: a new password, or empty to keep the saved one. */
  password: string;
}

export type EditField = keyof EditValues;
export const EDIT_FIELDS: readonly EditField[] = ['name', 'account', 'user', 'role', 'warehouse', 'database', 'schema', 'accessUrl', 'password'];

export function editValues(c: Connection): EditValues {
  return {
    name: c.name,
    account: c.account,
    user: c.username,
    role: c.role ?? '',
    warehouse: c.warehouse ?? '',
    database: c.database ?? '',
    schema: c.schema ?? '',
    accessUrl: c.accessUrl ?? '',
    password: '',
  };
}

/** What can be said without asking core; core checks the draft again with the same schema as a new connection. */
export function editProblems(v: EditValues, takenNames: readonly string[]): Partial<Record<EditField, string>> {
  const problems: Partial<Record<EditField, string>> = {};
  const name = v.name.trim();
  if (!name) problems.name = 'Give the connection a name.';
  else if (takenNames.some((n) => n.toLowerCase() === name.toLowerCase())) problems.name = `Another connection is called "${name}". Choose another name.`;
  if (!v.account.trim()) problems.account = 'Enter your Snowflake account identifier.';
  if (!v.user.trim()) problems.user = 'Enter the user Floe signs in as.';
  if (v.accessUrl.trim() && !isValidUrl(v.accessUrl.trim()))
    problems.accessUrl = 'Enter a full URL, for example https://myorg-myaccount.privatelink.snowflakecomputing.com.';
  return problems;
}

/** The saved connection with the edited fields; `account` is the identifier as core parsed it. */
export function editedDraft(c: Connection, v: EditValues, account: string): ConnectionDraft {
  const orNull = (text: string) => text.trim() || null;
  return {
    name: v.name.trim(),
    account,
    username: v.user.trim(),
    role: orNull(v.role),
    warehouse: orNull(v.warehouse),
    database: orNull(v.database),
    schema: orNull(v.schema),
    authKind: c.authKind,
    keyId: c.keyId,
    objects: c.objects,
    accessUrl: orNull(v.accessUrl),
  };
}

const CORE_FIELDS: Record<string, EditField> = { username: 'user' };

/** Core's refusal placed beside the form's fields (`draft.username` → user; a taken name → name). */
export function editErrors(error: IpcError): { fields: Partial<Record<EditField, string>>; rest: IpcError | null } {
  if (error.code === 'name_taken') return { fields: { name: `${error.message} ${error.remedy}` }, rest: null };
  const renamed = error.fields
    ? Object.fromEntries(
        Object.entries(error.fields).map(([path, message]) => {
          const key = path.replace(/^draft\./, '');
          return [CORE_FIELDS[key] ?? key, message];
        }),
      )
    : undefined;
  return fieldErrors({ ...error, fields: renamed }, EDIT_FIELDS);
}
