import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/schemas';
import { editedDraft, editErrors, editProblems, editValues } from '../../../renderer/src/features/connections/connection-edit';

const saved: Connection = {
  id: '3f2b8a4e-7c1d-4e9a-9b6f-1a2b3c4d5e6f',
  name: 'Analytics',
  account: 'myorg-myaccount',
  username: 'FLOE_USER',
  role: null,
  warehouse: 'FLOE_WH',
  database: 'ANALYTICS',
  schema: 'PUBLIC',
  authKind: 'keypair',
  keyFingerprint: 'SHA256:abc',
  keyId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  keySlot: 2,
  pendingKeyId: null,
  objects: { kind: 'list', tables: ['EVENTS'], views: [] },
  accessUrl: null,
  status: 'ok',
  lastTestedAt: '2026-02-03T08:00:00.000Z',
  lastError: null,
  createdAt: '2026-02-01T08:00:00.000Z',
  updatedAt: '2026-02-01T08:00:00.000Z',
};

describe('editing a connection in place', () => {
  it('shows its fields, empty where it has none, and no password', () => {
    expect(editValues(saved)).toEqual({
      name: 'Analytics',
      account: 'myorg-myaccount',
      user: 'FLOE_USER',
      role: '',
      warehouse: 'FLOE_WH',
      database: 'ANALYTICS',
      schema: 'PUBLIC',
      accessUrl: '',
      password: '',
    });
  });

  it('saves the edited fields and keeps the sign-in method, key and objects as they are', () => {
    const v = { ...editValues(saved), name: ' Reporting ', warehouse: ' REPORTING_WH ', role: 'REPORTER', schema: '' };
    expect(editedDraft(saved, v, 'myorg-myaccount')).toEqual({
      name: 'Reporting',
      account: 'myorg-myaccount',
      username: 'FLOE_USER',
      role: 'REPORTER',
      warehouse: 'REPORTING_WH',
      database: 'ANALYTICS',
      schema: null,
      authKind: 'keypair',
      keyId: saved.keyId,
      objects: saved.objects,
      accessUrl: null,
    });
  });

  it.each([
    [{ name: ' ' }, 'name', 'Give the connection a name.'],
    [{ name: 'reporting' }, 'name', 'Another connection is called "reporting". Choose another name.'],
    [{ account: '' }, 'account', 'Enter your Snowflake account identifier.'],
    [{ user: '' }, 'user', 'Enter the user Floe signs in as.'],
    [{ accessUrl: 'not a url' }, 'accessUrl', expect.stringContaining('Enter a full URL')],
  ])('refuses %j beside its field', (change, field, message) => {
    expect(editProblems({ ...editValues(saved), ...change }, ['Reporting'])).toEqual({ [field]: message });
  });

  it('puts core’s refusals beside the fields: the draft’s paths, the user, a taken name', () => {
    expect(
      editErrors({ code: 'invalid_input', message: 'x', remedy: 'y', fields: { 'draft.username': 'Names may not hold a line break.', 'draft.warehouse': 'Too long.' } }),
    ).toEqual({ fields: { user: 'Names may not hold a line break.', warehouse: 'Too long.' }, rest: null });
    expect(editErrors({ code: 'name_taken', message: 'A connection called "Reporting" already exists.', remedy: 'Choose another name.' })).toEqual({
      fields: { name: 'A connection called "Reporting" already exists. Choose another name.' },
      rest: null,
    });
    const other = { code: 'connection_not_found', message: 'That connection no longer exists.', remedy: 'Reload the list of connections.' };
    expect(editErrors(other)).toEqual({ fields: {}, rest: other });
  });
});
