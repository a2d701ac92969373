import { describe, expect, it } from 'vitest';
import { ConnectionDraft, GrantRequest } from '../../../shared/schemas';

// Issue 15 §1.1: a name with a line break is refused where it is typed, at its field, before
// any SQL is written (the grant script puts names inside `--` comments).
const draft = {
  name: 'Prod', account: 'acme-prod', username: 'FLOE_USER', role: 'FLOE_ROLE', warehouse: 'FLOE_WH', database: 'ANALYTICS', schema: 'PUBLIC',
  authKind: 'password', keyId: null, objects: { kind: 'all' }, accessUrl: null,
};
const grants = { user: 'FLOE_USER', role: 'FLOE_ROLE', warehouse: 'FLOE_WH', database: 'ANALYTICS', schema: 'PUBLIC', objects: { kind: 'all' }, auth: { kind: 'password' } };

describe('names on one line', () => {
  it.each(['username', 'role', 'warehouse', 'database', 'schema'])('a connection’s %s with a line break is refused at that field', (field) => {
    const parsed = ConnectionDraft.safeParse({ ...draft, [field]: 'X\nDROP DATABASE PROD;--' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: [field], message: expect.stringMatching(/on one line/) })]);
  });

  it('a listed table with a tab is refused; quotes, semicolons and */ are names like any other', () => {
    expect(ConnectionDraft.safeParse({ ...draft, objects: { kind: 'list', tables: ['A\tB'], views: [] } }).success).toBe(false);
    expect(ConnectionDraft.safeParse({ ...draft, role: 'evil */ ; "x"' }).success).toBe(true);
  });

  it.each(['user', 'role', 'warehouse', 'database', 'schema', 'adminRole'])('the setup script’s %s with a line break is refused at that field', (field) => {
    const parsed = GrantRequest.safeParse({ ...grants, [field]: 'X\rDROP DATABASE PROD' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: [field], message: expect.stringMatching(/on one line/) });
  });
});
