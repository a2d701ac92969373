// Account-level objects the emulator keeps outside DuckDB: users, roles, warehouses, grants.
// Databases, schemas and tables live in DuckDB; only their ownership is recorded here.

export interface User {
  name: string;
  loginName: string;
  displayName: string;
  password: string | null;
  type: string | null;
  defaultRole: string | null;
  defaultWarehouse: string | null;
  defaultNamespace: string | null;
  rsaPublicKey: string | null;
  rsaPublicKey2: string | null;
  disabled: boolean;
  locked: boolean;
  email: string | null;
  comment: string | null;
  createdOn: string;
}

export interface Grant {
  privilege: string;
  objectType: string;
  objectName: string;
  grantee: string;
  grantedBy: string;
}

export interface FutureGrant {
  privilege: string;
  objectType: string;
  container: string;
  grantee: string;
}

export interface Warehouse {
  name: string;
  size: string;
  state: string;
}

export interface CatalogState {
  users: Map<string, User>;
  roles: Map<string, { comment: string | null; owner: string }>;
  warehouses: Map<string, Warehouse>;
  grants: Grant[];
  futureGrants: FutureGrant[];
  // role → roles granted to it (it inherits their privileges)
  roleGrants: Map<string, Set<string>>;
  userRoles: Map<string, Set<string>>;
  owners: Map<string, string>;
}

export const SYSTEM_ROLES = ['ACCOUNTADMIN', 'SECURITYADMIN', 'USERADMIN', 'SYSADMIN', 'PUBLIC'] as const;

export function newUser(name: string, now = new Date()): User {
  return {
    name,
    loginName: name,
    displayName: name,
    password: null,
    type: null,
    defaultRole: null,
    defaultWarehouse: null,
    defaultNamespace: null,
    rsaPublicKey: null,
    rsaPublicKey2: null,
    disabled: false,
    locked: false,
    email: null,
    comment: null,
    createdOn: now.toISOString(),
  };
}

export function createCatalog(admin: { username: string; password: string; warehouse: string }): CatalogState {
  const state: CatalogState = {
    users: new Map(),
    roles: new Map(SYSTEM_ROLES.map((r) => [r, { comment: null, owner: 'ACCOUNTADMIN' }])),
    warehouses: new Map([[admin.warehouse, { name: admin.warehouse, size: 'X-Small', state: 'STARTED' }]]),
    grants: [],
    futureGrants: [],
    roleGrants: new Map([
      ['ACCOUNTADMIN', new Set(['SECURITYADMIN', 'SYSADMIN'])],
      ['SECURITYADMIN', new Set(['USERADMIN'])],
    ]),
    userRoles: new Map(),
    owners: new Map(),
  };
  const u = newUser(admin.username);
  u.password = admin.password;
  u.defaultRole = 'ACCOUNTADMIN';
  u.defaultWarehouse = admin.warehouse;
  state.users.set(u.name, u);
  state.userRoles.set(u.name, new Set(['ACCOUNTADMIN']));
  return state;
}

export function serializeCatalog(s: CatalogState): string {
  return JSON.stringify({
    users: [...s.users.values()],
    roles: [...s.roles.entries()],
    warehouses: [...s.warehouses.values()],
    grants: s.grants,
    futureGrants: s.futureGrants,
    roleGrants: [...s.roleGrants.entries()].map(([k, v]) => [k, [...v]]),
    userRoles: [...s.userRoles.entries()].map(([k, v]) => [k, [...v]]),
    owners: [...s.owners.entries()],
  });
}

export function deserializeCatalog(text: string): CatalogState {
  const j = JSON.parse(text) as {
    users: User[];
    roles: [string, { comment: string | null; owner: string }][];
    warehouses: Warehouse[];
    grants: Grant[];
    futureGrants: FutureGrant[];
    roleGrants: [string, string[]][];
    userRoles: [string, string[]][];
    owners: [string, string][];
  };
  return {
    users: new Map(j.users.map((u) => [u.name, u])),
    roles: new Map(j.roles),
    warehouses: new Map(j.warehouses.map((w) => [w.name, w])),
    grants: j.grants,
    futureGrants: j.futureGrants,
    roleGrants: new Map(j.roleGrants.map(([k, v]) => [k, new Set(v)])),
    userRoles: new Map(j.userRoles.map(([k, v]) => [k, new Set(v)])),
    owners: new Map(j.owners),
  };
}
