import type { CatalogState } from './catalog';
import { type SnowflakeError, sfError } from './errors';

// Privilege checks for non-admin roles. Admin roles see everything, as an ACCOUNTADMIN does.
// Like Snowflake, an object the role has no privilege on at all "does not exist or not
// authorized" (002003); one it can see but lacks the specific privilege for is 003001.

export const ADMIN_ROLES = new Set(['ACCOUNTADMIN', 'SYSADMIN', 'SECURITYADMIN']);

export function effectiveRoles(state: CatalogState, role: string | null): Set<string> {
  const out = new Set<string>(['PUBLIC']);
  const stack = role ? [role] : [];
  while (stack.length) {
    const r = stack.pop()!;
    if (out.has(r) && r !== 'PUBLIC') continue;
    out.add(r);
    for (const child of state.roleGrants.get(r) ?? []) stack.push(child);
  }
  return out;
}

export function isAdmin(state: CatalogState, role: string | null): boolean {
  for (const r of effectiveRoles(state, role)) if (ADMIN_ROLES.has(r)) return true;
  return false;
}

export function privilegesOn(state: CatalogState, roles: Set<string>, objectType: string, objectName: string): Set<string> {
  const out = new Set<string>();
  const owner = state.owners.get(`${objectType}:${objectName}`);
  if (owner && roles.has(owner)) out.add('OWNERSHIP');
  for (const g of state.grants) {
    if (g.objectType === objectType && g.objectName === objectName && roles.has(g.grantee)) out.add(g.privilege);
  }
  return out;
}

const satisfies = (have: Set<string>, needed: string): boolean =>
  have.has('OWNERSHIP') || have.has('ALL') || have.has('ALL PRIVILEGES') || have.has(needed);

export function canUseWarehouse(state: CatalogState, role: string | null, warehouse: string): boolean {
  if (isAdmin(state, role)) return true;
  const have = privilegesOn(state, effectiveRoles(state, role), 'WAREHOUSE', warehouse);
  return satisfies(have, 'USAGE') || have.has('OPERATE');
}

export function canSeeDatabase(state: CatalogState, role: string | null, db: string): boolean {
  if (isAdmin(state, role)) return true;
  const roles = effectiveRoles(state, role);
  return privilegesOn(state, roles, 'DATABASE', db).size > 0;
}

export function canSeeSchema(state: CatalogState, role: string | null, db: string, schema: string): boolean {
  if (isAdmin(state, role)) return true;
  const roles = effectiveRoles(state, role);
  return privilegesOn(state, roles, 'DATABASE', db).size > 0 && privilegesOn(state, roles, 'SCHEMA', `${db}.${schema}`).size > 0;
}

export type TableAction = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'CREATE TABLE' | 'DROP';

export function checkTableAccess(
  state: CatalogState,
  role: string | null,
  ref: { database: string; schema: string; name: string },
  action: TableAction,
): SnowflakeError | null {
  if (isAdmin(state, role)) return null;
  const roles = effectiveRoles(state, role);
  const dbPrivs = privilegesOn(state, roles, 'DATABASE', ref.database);
  if (dbPrivs.size === 0) return sfError.objectNotFound(ref.database, 'Database');
  const schemaName = `${ref.database}.${ref.schema}`;
  const schemaPrivs = privilegesOn(state, roles, 'SCHEMA', schemaName);
  if (schemaPrivs.size === 0) return sfError.objectNotFound(schemaName, 'Schema');
  if (action === 'CREATE TABLE') {
    return satisfies(schemaPrivs, 'CREATE TABLE') ? null : sfError.insufficientPrivileges('schema', ref.schema);
  }
  const full = `${schemaName}.${ref.name}`;
  const tablePrivs = new Set([...privilegesOn(state, roles, 'TABLE', full), ...privilegesOn(state, roles, 'VIEW', full)]);
  if (tablePrivs.size === 0) return sfError.objectNotFound(full);
  if (action === 'DROP') return tablePrivs.has('OWNERSHIP') ? null : sfError.insufficientPrivileges('table', ref.name);
  return satisfies(tablePrivs, action) ? null : sfError.insufficientPrivileges('table', ref.name);
}
