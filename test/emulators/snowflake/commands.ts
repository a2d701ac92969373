import { newUser, SYSTEM_ROLES, type CatalogState, type User } from './catalog';
import type { Engine } from './engine';
import { SnowflakeError, sfError } from './errors';
import { isValidPublicKey, normalizePublicKeyBody, publicKeyFingerprint } from './jwt';
import { canSeeDatabase, canSeeSchema, canUseWarehouse, effectiveRoles, isAdmin, privilegesOn } from './privileges';
import { fixedRowType, textRowType } from './result-encoding';
import { quoteIdent } from './sql-text';
import { likeToRegExp, parseProps, tokenize, TokenStream, type PropValue } from './tokens';
import { STATEMENT_TYPE, type QueryResult, type Session } from './types';

// Account-level statements the emulator executes itself instead of sending to DuckDB:
// USE, CREATE/DROP/ALTER of users, roles, warehouses, databases and schemas, GRANT/REVOKE,
// SHOW and DESC, ALTER SESSION. Returns null for anything else.

export interface CommandContext {
  engine: Engine;
  catalog: CatalogState;
  session: Session;
  account: string;
  persist: () => void;
  useNamespace: (session: Session, db: string | null, schema: string | null) => Promise<void>;
}

type Cell = string | null;

export function tableResult(columns: string[], rows: Cell[][], typeId: number = STATEMENT_TYPE.show): QueryResult {
  return {
    rowtype: columns.map((c) => textRowType(c)),
    inlineRows: rows.map((r) => JSON.stringify(r)),
    total: rows.length,
    chunks: [],
    resultTable: null,
    statementTypeId: typeId,
  };
}

export function statusResult(message: string, typeId: number = STATEMENT_TYPE.ddl): QueryResult {
  return tableResult(['status'], [[message]], typeId);
}

export function countResult(column: string, n: number, typeId: number): QueryResult {
  return { rowtype: [fixedRowType(column)], inlineRows: [JSON.stringify([String(n)])], total: 1, chunks: [], resultTable: null, statementTypeId: typeId };
}

const CREATED = '2024-01-01 00:00:00.000 -0800';
const bool = (b: boolean): string => (b ? 'true' : 'false');

function requireAdmin(ctx: CommandContext, what: string): void {
  if (!isAdmin(ctx.catalog, ctx.session.role) && ctx.session.role !== 'USERADMIN')
    throw sfError.insufficientPrivileges('account', ctx.account + (what ? '' : ''));
}

function requireUser(ctx: CommandContext, name: string): User {
  const u = ctx.catalog.users.get(name);
  if (!u) throw new SnowflakeError('002003', `SQL compilation error:\nUser '${name}' does not exist or not authorized.`, '02000');
  return u;
}

function requireRole(ctx: CommandContext, name: string): void {
  if (!ctx.catalog.roles.has(name)) throw new SnowflakeError('002003', `SQL compilation error:\nRole '${name}' does not exist or not authorized.`, '02000');
}

function str(v: PropValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  return Array.isArray(v) ? v.join(',') : String(v);
}

function applyUserProps(ctx: CommandContext, u: User, props: Map<string, PropValue>): void {
  for (const [k, v] of props) {
    switch (k) {
      case 'PASSWORD':
        u.password = str(v);
        break;
      case 'LOGIN_NAME':
        u.loginName = (str(v) ?? u.name).toUpperCase();
        break;
      case 'DISPLAY_NAME':
        u.displayName = str(v) ?? u.name;
        break;
      case 'TYPE':
        u.type = str(v)?.toUpperCase() ?? null;
        break;
      case 'DEFAULT_ROLE':
        u.defaultRole = str(v)?.toUpperCase() ?? null;
        break;
      case 'DEFAULT_WAREHOUSE':
        u.defaultWarehouse = str(v)?.toUpperCase() ?? null;
        break;
      case 'DEFAULT_NAMESPACE':
        u.defaultNamespace = str(v)?.toUpperCase() ?? null;
        break;
      case 'EMAIL':
        u.email = str(v);
        break;
      case 'COMMENT':
        u.comment = str(v);
        break;
      case 'DISABLED':
        u.disabled = v === true || String(v).toUpperCase() === 'TRUE';
        break;
      case 'MINS_TO_UNLOCK':
        u.locked = Number(v) > 0;
        break;
      case 'RSA_PUBLIC_KEY':
      case 'RSA_PUBLIC_KEY_2': {
        const body = str(v);
        if (body !== null && !isValidPublicKey(body))
          throw new SnowflakeError('002029', `SQL compilation error:\nInvalid RSA public key for ${k}. The key must be a base64-encoded 2048-bit (or larger) RSA public key.`, '42601');
        const norm = body === null ? null : normalizePublicKeyBody(body);
        if (k === 'RSA_PUBLIC_KEY') u.rsaPublicKey = norm;
        else u.rsaPublicKey2 = norm;
        break;
      }
      default:
        break; // FIRST_NAME, MUST_CHANGE_PASSWORD, … are accepted and ignored.
    }
  }
  void ctx;
}

function unsetUserProps(u: User, keys: string[]): void {
  for (const k of keys) {
    if (k === 'RSA_PUBLIC_KEY') u.rsaPublicKey = null;
    else if (k === 'RSA_PUBLIC_KEY_2') u.rsaPublicKey2 = null;
    else if (k === 'DEFAULT_ROLE') u.defaultRole = null;
    else if (k === 'DEFAULT_WAREHOUSE') u.defaultWarehouse = null;
    else if (k === 'DEFAULT_NAMESPACE') u.defaultNamespace = null;
    else if (k === 'PASSWORD') u.password = null;
    else if (k === 'DISABLED') u.disabled = false;
    else if (k === 'EMAIL') u.email = null;
    else if (k === 'COMMENT') u.comment = null;
  }
}

function describeUser(u: User): QueryResult {
  const fp = (k: string | null): string => (k ? publicKeyFingerprint(k) : 'null');
  const rows: [string, string, string][] = [
    ['NAME', u.name, 'Name'],
    ['COMMENT', u.comment ?? 'null', 'user comment associated to an object in the dictionary'],
    ['DISPLAY_NAME', u.displayName, 'Display name of the associated object'],
    ['TYPE', u.type ?? 'null', 'Type of the user'],
    ['LOGIN_NAME', u.loginName, 'Login name of the user'],
    ['FIRST_NAME', 'null', 'First name of the user'],
    ['LAST_NAME', 'null', 'Last name of the user'],
    ['EMAIL', u.email ?? 'null', 'Email address of the user'],
    ['PASSWORD', u.password ? '********' : 'null', 'Password of the user'],
    ['DISABLED', bool(u.disabled), 'Whether the user is disabled'],
    ['SNOWFLAKE_LOCK', bool(u.locked), 'Whether the user or one of his roles is locked'],
    ['DEFAULT_WAREHOUSE', u.defaultWarehouse ?? 'null', 'Default warehouse for this user'],
    ['DEFAULT_NAMESPACE', u.defaultNamespace ?? 'null', 'Default database namespace prefix for this user'],
    ['DEFAULT_ROLE', u.defaultRole ?? 'null', 'Primary principal of user session will be set to this role'],
    ['DEFAULT_SECONDARY_ROLES', 'null', 'The secondary roles will be set to all roles provided here'],
    ['RSA_PUBLIC_KEY', u.rsaPublicKey ?? 'null', 'RSA public key of the user'],
    ['RSA_PUBLIC_KEY_FP', fp(u.rsaPublicKey), 'Fingerprint of user\'s RSA public key.'],
    ['RSA_PUBLIC_KEY_2', u.rsaPublicKey2 ?? 'null', 'Second RSA public key of the user'],
    ['RSA_PUBLIC_KEY_2_FP', fp(u.rsaPublicKey2), 'Fingerprint of user\'s second RSA public key.'],
    ['HAS_PASSWORD', bool(u.password !== null), 'Whether the user has a password'],
    ['HAS_RSA_PUBLIC_KEY', bool(u.rsaPublicKey !== null || u.rsaPublicKey2 !== null), 'Whether the user has an RSA public key'],
  ];
  return tableResult(['property', 'value', 'default', 'description'], rows.map(([p, v, d]) => [p, v, 'null', d]));
}

function privilegeList(ts: TokenStream): string[] {
  const privs: string[] = [];
  let cur: string[] = [];
  while (!ts.atEnd() && !(ts.peek()?.upper === 'ON' && ts.peek()?.kind === 'word')) {
    const t = ts.next()!;
    if (t.text === ',') {
      privs.push(cur.join(' '));
      cur = [];
    } else cur.push(t.upper);
  }
  if (cur.length) privs.push(cur.join(' '));
  return privs.map((p) => (p === 'ALL PRIVILEGES' ? 'ALL' : p));
}

function qualify(ctx: CommandContext, parts: string[], level: 'SCHEMA' | 'TABLE'): string {
  const s = ctx.session;
  if (level === 'SCHEMA') {
    if (parts.length >= 2) return parts.slice(-2).join('.');
    if (!s.database) throw sfError.noDatabase();
    return `${s.database}.${parts[0]}`;
  }
  if (parts.length >= 3) return parts.slice(-3).join('.');
  if (parts.length === 2) {
    if (!s.database) throw sfError.noDatabase();
    return `${s.database}.${parts.join('.')}`;
  }
  if (!s.database || !s.schema) throw sfError.noDatabase();
  return `${s.database}.${s.schema}.${parts[0]}`;
}

async function handleGrant(ctx: CommandContext, ts: TokenStream, revoke: boolean): Promise<QueryResult> {
  requireAdmin(ctx, 'GRANT');
  const cat = ctx.catalog;
  // GRANT ROLE r TO USER u | TO ROLE r2
  if (ts.accept('ROLE')) {
    const role = ts.name()!.join('.');
    requireRole(ctx, role);
    if (!ts.accept(revoke ? 'FROM' : 'TO')) throw sfError.syntax('syntax error: expected TO/FROM');
    if (ts.accept('USER')) {
      const user = ts.name()!.join('.');
      requireUser(ctx, user);
      const set = cat.userRoles.get(user) ?? new Set<string>();
      if (revoke) set.delete(role);
      else set.add(role);
      cat.userRoles.set(user, set);
    } else {
      ts.accept('ROLE');
      const parent = ts.name()!.join('.');
      requireRole(ctx, parent);
      const set = cat.roleGrants.get(parent) ?? new Set<string>();
      if (revoke) set.delete(role);
      else set.add(role);
      cat.roleGrants.set(parent, set);
    }
    ctx.persist();
    return statusResult('Statement executed successfully.');
  }
  const privs = privilegeList(ts);
  if (!ts.accept('ON')) throw sfError.syntax("syntax error line 1 at position 0 unexpected '<EOF>'.");
  type Target = { kind: 'objects'; type: string; names: string[] } | { kind: 'future'; type: string; container: string };
  let target: Target;
  const pluralType = (w: string | undefined): string => (w ?? '').replace(/S$/, '');
  if (ts.accept('ALL')) {
    const type = pluralType(ts.next()?.upper);
    ts.accept('IN');
    const containerType = ts.next()?.upper;
    const container = ts.name() ?? [];
    const names: string[] = [];
    if (containerType === 'SCHEMA') {
      const [db, schema] = qualify(ctx, container, 'SCHEMA').split('.') as [string, string];
      for (const t of await ctx.engine.listTables(db, schema)) if (t.kind === type || type === 'TABLE' && t.kind === 'TABLE') names.push(`${db}.${schema}.${t.name}`);
    } else {
      const db = container.join('.');
      for (const t of await ctx.engine.listTables(db, null)) if (t.kind === type) names.push(`${db}.${t.schema}.${t.name}`);
      if (type === 'SCHEMA') for (const s of await ctx.engine.listSchemas(db)) names.push(`${db}.${s}`);
    }
    target = { kind: 'objects', type, names };
  } else if (ts.accept('FUTURE')) {
    const type = pluralType(ts.next()?.upper);
    ts.accept('IN');
    const containerType = ts.next()?.upper;
    const container = ts.name() ?? [];
    target = { kind: 'future', type, container: containerType === 'SCHEMA' ? qualify(ctx, container, 'SCHEMA') : container.join('.') };
  } else {
    let type = ts.next()?.upper ?? '';
    if (type === 'RESOURCE' || type === 'INTEGRATION') type = 'INTEGRATION';
    const parts = type === 'ACCOUNT' ? [ctx.account] : (ts.name() ?? []);
    let name = parts.join('.');
    if (type === 'SCHEMA') name = qualify(ctx, parts, 'SCHEMA');
    if (type === 'TABLE' || type === 'VIEW') name = qualify(ctx, parts, 'TABLE');
    if (type === 'WAREHOUSE' && !cat.warehouses.has(name)) throw sfError.objectNotFound(name, 'Warehouse');
    if (type === 'DATABASE' && !(await ctx.engine.databaseExists(name))) throw sfError.objectNotFound(name, 'Database');
    if (type === 'SCHEMA') {
      const [db, schema] = name.split('.') as [string, string];
      if (!(await ctx.engine.databaseExists(db)) || !(await ctx.engine.listSchemas(db)).includes(schema)) throw sfError.objectNotFound(name, 'Schema');
    }
    if (type === 'TABLE' || type === 'VIEW') {
      const [db, schema, t] = name.split('.') as [string, string, string];
      const exists = (await ctx.engine.databaseExists(db)) && (await ctx.engine.listTables(db, schema)).some((x) => x.name === t);
      if (!exists) throw sfError.objectNotFound(name);
    }
    target = { kind: 'objects', type, names: [name] };
  }
  if (!ts.accept(revoke ? 'FROM' : 'TO')) throw sfError.syntax('syntax error: expected TO/FROM');
  ts.accept('ROLE');
  const grantee = ts.name()!.join('.');
  requireRole(ctx, grantee);
  for (const p of privs) {
    if (target.kind === 'future') {
      const fg = { privilege: p, objectType: target.type, container: target.container, grantee };
      if (revoke) cat.futureGrants = cat.futureGrants.filter((g) => !(g.privilege === p && g.objectType === fg.objectType && g.container === fg.container && g.grantee === grantee));
      else if (!cat.futureGrants.some((g) => g.privilege === p && g.objectType === fg.objectType && g.container === fg.container && g.grantee === grantee)) cat.futureGrants.push(fg);
      continue;
    }
    for (const n of target.names) {
      const same = (g: { privilege: string; objectType: string; objectName: string; grantee: string }): boolean =>
        g.privilege === p && g.objectType === target.type && g.objectName === n && g.grantee === grantee;
      if (revoke) cat.grants = cat.grants.filter((g) => !same(g));
      else if (!cat.grants.some(same)) cat.grants.push({ privilege: p, objectType: target.type, objectName: n, grantee, grantedBy: ctx.session.role ?? 'ACCOUNTADMIN' });
    }
  }
  ctx.persist();
  return statusResult('Statement executed successfully.');
}

async function handleShow(ctx: CommandContext, ts: TokenStream): Promise<QueryResult | null> {
  const cat = ctx.catalog;
  const s = ctx.session;
  ts.accept('TERSE');
  const what = ts.next()?.upper ?? '';
  let like: RegExp | null = null;
  let inType: string | null = null;
  let inName: string[] = [];
  let grantsTo: { type: string; name: string } | null = null;
  let grantsOn: { type: string; name: string } | null = null;
  let grantsOf: string | null = null;
  if (what === 'GRANTS' || what === 'FUTURE') {
    if (what === 'FUTURE') ts.accept('GRANTS');
    if (ts.accept('TO')) {
      const type = ts.next()?.upper ?? '';
      grantsTo = { type, name: (ts.name() ?? []).join('.') };
    } else if (ts.accept('OF')) {
      ts.accept('ROLE');
      grantsOf = (ts.name() ?? []).join('.');
    } else if (ts.accept('ON')) {
      const type = ts.next()?.upper ?? '';
      const parts = type === 'ACCOUNT' ? [] : (ts.name() ?? []);
      const name = type === 'TABLE' || type === 'VIEW' ? qualify(ctx, parts, 'TABLE') : type === 'SCHEMA' ? qualify(ctx, parts, 'SCHEMA') : parts.join('.');
      grantsOn = { type, name };
    } else if (ts.accept('IN')) {
      inType = ts.next()?.upper ?? null;
      inName = ts.name() ?? [];
    } else if (s.role) grantsTo = { type: 'ROLE', name: s.role };
  }
  while (!ts.atEnd()) {
    if (ts.accept('LIKE')) like = likeToRegExp(ts.next()?.text ?? '%');
    else if (ts.accept('IN')) {
      inType = ts.peek()?.upper === 'ACCOUNT' || ts.peek()?.upper === 'DATABASE' || ts.peek()?.upper === 'SCHEMA' || ts.peek()?.upper === 'TABLE' ? ts.next()!.upper : null;
      inName = ts.name() ?? [];
    } else ts.next();
  }
  const keep = (name: string): boolean => !like || like.test(name);
  const admin = isAdmin(cat, s.role);
  const roles = effectiveRoles(cat, s.role);

  switch (what) {
    case 'USERS': {
      const rows = [...cat.users.values()].filter((u) => keep(u.name)).map((u) => [
        u.name, CREATED, u.loginName, u.displayName, null, null, u.email, null, null, u.comment, bool(u.disabled), 'false',
        bool(u.locked), u.defaultWarehouse, u.defaultNamespace, u.defaultRole, null, 'false', null, null, 'ACCOUNTADMIN',
        null, null, null, bool(u.password !== null), bool(u.rsaPublicKey !== null || u.rsaPublicKey2 !== null), u.type ?? 'null', 'false',
      ]);
      return tableResult(
        ['name', 'created_on', 'login_name', 'display_name', 'first_name', 'last_name', 'email', 'mins_to_unlock', 'days_to_expiry', 'comment', 'disabled', 'must_change_password', 'snowflake_lock', 'default_warehouse', 'default_namespace', 'default_role', 'default_secondary_roles', 'ext_authn_duo', 'ext_authn_uid', 'mins_to_bypass_mfa', 'owner', 'last_success_login', 'expires_at_time', 'locked_until_time', 'has_password', 'has_rsa_public_key', 'type', 'has_mfa'],
        rows,
      );
    }
    case 'ROLES': {
      const rows = [...cat.roles.entries()].filter(([n]) => keep(n) && (admin || roles.has(n))).map(([n, r]) => [
        CREATED, n, n === s.role ? 'Y' : 'N', n === s.role ? 'Y' : 'N', roles.has(n) && n !== s.role ? 'Y' : 'N',
        String([...cat.userRoles.values()].filter((x) => x.has(n)).length), '0', String(cat.roleGrants.get(n)?.size ?? 0), r.owner, r.comment,
      ]);
      return tableResult(['created_on', 'name', 'is_default', 'is_current', 'is_inherited', 'assigned_to_users', 'granted_to_roles', 'granted_roles', 'owner', 'comment'], rows);
    }
    case 'WAREHOUSES': {
      const rows = [...cat.warehouses.values()].filter((w) => keep(w.name) && canUseWarehouse(cat, s.role, w.name)).map((w) => [
        w.name, w.state, 'STANDARD', w.size, '1', '1', '0', '0', '0', w.name === s.warehouse ? 'Y' : 'N', w.name === s.warehouse ? 'Y' : 'N', '600', 'true', CREATED, 'ACCOUNTADMIN', null,
      ]);
      return tableResult(['name', 'state', 'type', 'size', 'min_cluster_count', 'max_cluster_count', 'started_clusters', 'running', 'queued', 'is_default', 'is_current', 'auto_suspend', 'auto_resume', 'created_on', 'owner', 'comment'], rows);
    }
    case 'DATABASES': {
      const rows = (await ctx.engine.listDatabases()).filter((d) => keep(d) && canSeeDatabase(cat, s.role, d)).map((d) => [
        CREATED, d, 'N', d === s.database ? 'Y' : 'N', '', cat.owners.get(`DATABASE:${d}`) ?? 'SYSADMIN', '', '', '1', 'STANDARD',
      ]);
      return tableResult(['created_on', 'name', 'is_default', 'is_current', 'origin', 'owner', 'comment', 'options', 'retention_time', 'kind'], rows);
    }
    case 'SCHEMAS': {
      const dbs = inType === 'DATABASE' || inName.length ? [inName.join('.')] : inType === 'ACCOUNT' ? await ctx.engine.listDatabases() : s.database ? [s.database] : [];
      const rows: Cell[][] = [];
      for (const db of dbs) {
        if (!canSeeDatabase(cat, s.role, db)) throw sfError.objectNotFound(db, 'Database');
        for (const sc of [...(await ctx.engine.listSchemas(db)), 'INFORMATION_SCHEMA']) {
          if (keep(sc) && (sc === 'INFORMATION_SCHEMA' || canSeeSchema(cat, s.role, db, sc)))
            rows.push([CREATED, sc, 'N', db === s.database && sc === s.schema ? 'Y' : 'N', db, cat.owners.get(`SCHEMA:${db}.${sc}`) ?? 'SYSADMIN', null, '', '1']);
        }
      }
      return tableResult(['created_on', 'name', 'is_default', 'is_current', 'database_name', 'owner', 'comment', 'options', 'retention_time'], rows);
    }
    case 'TABLES':
    case 'VIEWS':
    case 'OBJECTS': {
      let db = s.database;
      let schema: string | null = s.schema;
      if (inType === 'DATABASE') {
        db = inName.join('.');
        schema = null;
      } else if (inName.length >= 2) {
        db = inName[inName.length - 2]!;
        schema = inName[inName.length - 1]!;
      } else if (inName.length === 1) schema = inName[0]!;
      if (inType === 'ACCOUNT') schema = null;
      const dbs = inType === 'ACCOUNT' ? await ctx.engine.listDatabases() : db ? [db] : [];
      const rows: Cell[][] = [];
      for (const d of dbs) {
        for (const t of await ctx.engine.listTables(d, schema)) {
          const kind = t.kind === 'VIEW' ? 'VIEW' : 'TABLE';
          if (what === 'TABLES' && kind !== 'TABLE') continue;
          if (what === 'VIEWS' && kind !== 'VIEW') continue;
          const full = `${d}.${t.schema}.${t.name}`;
          if (!keep(t.name)) continue;
          if (!admin && privilegesOn(cat, roles, kind, full).size === 0) continue;
          rows.push([CREATED, t.name, d, t.schema, kind, '', '', String(t.rows), '0', cat.owners.get(`${kind}:${full}`) ?? 'SYSADMIN', '1', 'OFF', 'OFF']);
        }
      }
      return tableResult(['created_on', 'name', 'database_name', 'schema_name', 'kind', 'comment', 'cluster_by', 'rows', 'bytes', 'owner', 'retention_time', 'automatic_clustering', 'change_tracking'], rows);
    }
    case 'GRANTS':
    case 'FUTURE': {
      if (grantsTo?.type === 'USER') {
        const rs = [...(cat.userRoles.get(grantsTo.name) ?? [])].sort();
        return tableResult(['created_on', 'role', 'granted_to', 'grantee_name', 'granted_by'], rs.map((r) => [CREATED, r, 'USER', grantsTo!.name, 'ACCOUNTADMIN']));
      }
      if (grantsOf) {
        const rows: Cell[][] = [];
        for (const [u, rs] of cat.userRoles) if (rs.has(grantsOf)) rows.push([CREATED, grantsOf, 'USER', u, 'ACCOUNTADMIN']);
        for (const [p, rs] of cat.roleGrants) if (rs.has(grantsOf)) rows.push([CREATED, grantsOf, 'ROLE', p, 'ACCOUNTADMIN']);
        return tableResult(['created_on', 'role', 'granted_to', 'grantee_name', 'granted_by'], rows);
      }
      if (what === 'FUTURE' || inType) {
        const container = inType === 'SCHEMA' ? qualify(ctx, inName, 'SCHEMA') : inName.join('.');
        const rows = cat.futureGrants.filter((g) => g.container === container).map((g) => [CREATED, g.privilege, g.objectType, `${g.container}.<${g.objectType}>`, 'ROLE', g.grantee, 'false']);
        return tableResult(['created_on', 'privilege', 'grant_on', 'name', 'grant_to', 'grantee_name', 'grant_option'], rows);
      }
      const list = cat.grants.filter((g) =>
        grantsTo ? g.grantee === grantsTo.name : grantsOn ? g.objectType === grantsOn.type && (g.objectName === grantsOn.name || grantsOn.type === 'ACCOUNT') : true,
      );
      const rows: Cell[][] = list.map((g) => [CREATED, g.privilege, g.objectType, g.objectName, 'ROLE', g.grantee, 'false', g.grantedBy]);
      if (grantsTo) for (const r of cat.roleGrants.get(grantsTo.name) ?? []) rows.push([CREATED, 'USAGE', 'ROLE', r, 'ROLE', grantsTo.name, 'false', 'ACCOUNTADMIN']);
      if (grantsOn) {
        const owner = cat.owners.get(`${grantsOn.type}:${grantsOn.name}`);
        if (owner) rows.push([CREATED, 'OWNERSHIP', grantsOn.type, grantsOn.name, 'ROLE', owner, 'true', owner]);
      }
      return tableResult(['created_on', 'privilege', 'granted_on', 'name', 'granted_to', 'grantee_name', 'grant_option', 'granted_by'], rows);
    }
    case 'PARAMETERS': {
      const rows = [...s.params.entries()].map(([k, v]) => [k, String(v), String(v), 'SESSION', '', typeof v === 'boolean' ? 'BOOLEAN' : typeof v === 'number' ? 'NUMBER' : 'STRING']);
      return tableResult(['key', 'value', 'default', 'level', 'description', 'type'], rows);
    }
    default:
      return null;
  }
}

async function describeTable(ctx: CommandContext, parts: string[]): Promise<QueryResult> {
  const full = qualify(ctx, parts, 'TABLE');
  const [db, schema, name] = full.split('.') as [string, string, string];
  const cat = ctx.catalog;
  if (!isAdmin(cat, ctx.session.role)) {
    const roles = effectiveRoles(cat, ctx.session.role);
    if (privilegesOn(cat, roles, 'TABLE', full).size === 0 && privilegesOn(cat, roles, 'VIEW', full).size === 0) throw sfError.objectNotFound(full);
  }
  const rows = await ctx.session.conn.run(async (c) => {
    const r = await c.runAndReadAll(
      `SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, NUMERIC_PRECISION, NUMERIC_SCALE FROM sf_info_columns('${db.replace(/'/g, "''")}') WHERE TABLE_SCHEMA = '${schema.replace(/'/g, "''")}' AND TABLE_NAME = '${name.replace(/'/g, "''")}' ORDER BY ORDINAL_POSITION`,
    );
    return r.getRowsJS();
  });
  if (rows.length === 0) throw sfError.objectNotFound(full);
  const typeText = (t: string, p: unknown, sc: unknown): string =>
    t === 'NUMBER' ? `NUMBER(${String(p ?? 38)},${String(sc ?? 0)})` : t === 'TEXT' ? 'VARCHAR(16777216)' : t === 'TIMESTAMP_NTZ' || t === 'TIMESTAMP_LTZ' || t === 'TIMESTAMP_TZ' ? `${t}(9)` : t;
  return tableResult(
    ['name', 'type', 'kind', 'null?', 'default', 'primary key', 'unique key', 'check', 'expression', 'comment', 'policy name', 'privacy domain'],
    rows.map((r) => [String(r[0]), typeText(String(r[1]), r[4], r[5]), 'COLUMN', r[2] === 'YES' ? 'Y' : 'N', r[3] == null ? null : String(r[3]), 'N', 'N', null, null, null, null, null]),
  );
}

export async function runCommand(ctx: CommandContext, sql: string): Promise<QueryResult | null> {
  const ts = new TokenStream(tokenize(sql));
  const cat = ctx.catalog;
  const s = ctx.session;
  const first = ts.peek()?.upper;
  if (!first) return null;

  if (ts.accept('USE')) {
    const kind = ['ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA', 'SECONDARY'].includes(ts.peek()?.upper ?? '') ? ts.next()!.upper : 'DATABASE';
    if (kind === 'SECONDARY') return statusResult('Statement executed successfully.', STATEMENT_TYPE.use);
    const parts = ts.name() ?? [];
    const name = parts.join('.');
    if (kind === 'ROLE') {
      const granted = effectiveRolesOfUser(cat, s.user);
      if (!cat.roles.has(name) || !granted.has(name))
        throw new SnowflakeError('003013', `Requested role '${name}' is not assigned to the executing user. Specify another role to activate.`, '42501', 'ACCESS_CONTROL');
      s.role = name;
    } else if (kind === 'WAREHOUSE') {
      if (!cat.warehouses.has(name) || !canUseWarehouse(cat, s.role, name)) throw sfError.cannotPerform();
      s.warehouse = name;
    } else if (kind === 'DATABASE' && parts.length <= 1) {
      if (!(await ctx.engine.databaseExists(name)) || !canSeeDatabase(cat, s.role, name)) throw sfError.cannotPerform();
      const schemas = await ctx.engine.listSchemas(name);
      await ctx.useNamespace(s, name, schemas.includes('PUBLIC') ? 'PUBLIC' : null);
    } else {
      const [db, schema] = parts.length >= 2 ? [parts[parts.length - 2]!, parts[parts.length - 1]!] : [s.database, parts[0]!];
      if (!db) throw sfError.noDatabase();
      if (!(await ctx.engine.databaseExists(db)) || !(await ctx.engine.listSchemas(db)).includes(schema) || !canSeeSchema(cat, s.role, db, schema)) throw sfError.cannotPerform();
      await ctx.useNamespace(s, db, schema);
    }
    return statusResult('Statement executed successfully.', STATEMENT_TYPE.use);
  }

  if (first === 'SHOW') {
    ts.next();
    return handleShow(ctx, ts);
  }

  if (first === 'DESC' || first === 'DESCRIBE') {
    ts.next();
    if (ts.accept('USER')) {
      const name = (ts.name() ?? []).join('.');
      if (name !== s.user) requireAdmin(ctx, 'DESC USER');
      return describeUser(requireUser(ctx, name));
    }
    if (ts.accept('TABLE') || ts.accept('VIEW') || ts.peek()?.kind === 'word' || ts.peek()?.kind === 'qident') {
      const parts = ts.name();
      if (parts) return describeTable(ctx, parts);
    }
    return null;
  }

  if (first === 'ALTER' && ts.peek(1)?.upper === 'SESSION') {
    ts.pos += 2;
    if (ts.accept('UNSET')) {
      for (const t of ts.rest()) if (t.kind === 'word') s.params.delete(t.upper);
    } else {
      ts.accept('SET');
      for (const [k, v] of parseProps(ts)) {
        s.params.set(k, typeof v === 'boolean' || typeof v === 'number' ? v : String(v));
        if (k === 'TIMEZONE') await s.conn.run((c) => c.run(`SET TimeZone = '${String(v).replace(/'/g, "''")}'`));
      }
    }
    return statusResult('Statement executed successfully.');
  }

  if (first === 'GRANT' || first === 'REVOKE') {
    ts.next();
    return handleGrant(ctx, ts, first === 'REVOKE');
  }

  const create = first === 'CREATE';
  const drop = first === 'DROP';
  const alter = first === 'ALTER';
  if (!create && !drop && !alter) return null;
  ts.next();
  const orReplace = ts.accept('OR', 'REPLACE');
  ts.accept('TRANSIENT');
  const objectType = ts.peek()?.upper ?? '';
  if (!['USER', 'ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA'].includes(objectType)) {
    if (alter && objectType === 'TABLE') {
      // Snowflake-only table options (change tracking, retention, clustering) have no DuckDB meaning.
      const rest = ts.rest().map((t) => t.upper).join(' ');
      if (/\bSET (CHANGE_TRACKING|DATA_RETENTION_TIME_IN_DAYS|MAX_DATA_EXTENSION_TIME_IN_DAYS|COMMENT|ENABLE_SCHEMA_EVOLUTION)\b|\b(CLUSTER BY|DROP CLUSTERING KEY|SUSPEND RECLUSTER|RESUME RECLUSTER)\b/.test(rest))
        return statusResult('Statement executed successfully.');
    }
    return null;
  }
  ts.next();
  const ifNotExists = ts.accept('IF', 'NOT', 'EXISTS');
  const ifExists = ts.accept('IF', 'EXISTS');
  const parts = ts.name() ?? [];
  const name = parts.join('.');
  const owner = s.role ?? 'PUBLIC';

  switch (objectType) {
    case 'USER': {
      if (!(alter && name === s.user)) requireAdmin(ctx, 'USER');
      if (create) {
        if (cat.users.has(name) && !orReplace) {
          if (ifNotExists) return statusResult(`${name} already exists, statement succeeded.`);
          throw sfError.alreadyExists(name, 'User');
        }
        const u = newUser(name);
        ts.accept('WITH');
        applyUserProps(ctx, u, parseProps(ts));
        cat.users.set(name, u);
        if (!cat.userRoles.has(name)) cat.userRoles.set(name, new Set());
        ctx.persist();
        return statusResult(`User ${name} successfully created.`);
      }
      if (drop) {
        if (!cat.users.has(name)) {
          if (ifExists) return statusResult(`Drop statement executed successfully (${name} already dropped).`);
          throw new SnowflakeError('002003', `SQL compilation error:\nUser '${name}' does not exist or not authorized.`, '02000');
        }
        cat.users.delete(name);
        cat.userRoles.delete(name);
        ctx.persist();
        return statusResult(`${name} successfully dropped.`);
      }
      const u = cat.users.get(name);
      if (!u) {
        if (ifExists) return statusResult('Statement executed successfully.');
        throw new SnowflakeError('002003', `SQL compilation error:\nUser '${name}' does not exist or not authorized.`, '02000');
      }
      if (ts.accept('SET')) applyUserProps(ctx, u, parseProps(ts));
      else if (ts.accept('UNSET')) unsetUserProps(u, ts.rest().filter((t) => t.kind === 'word').map((t) => t.upper));
      else if (ts.accept('RENAME', 'TO')) {
        const nn = (ts.name() ?? []).join('.');
        cat.users.delete(name);
        u.name = nn;
        cat.users.set(nn, u);
        cat.userRoles.set(nn, cat.userRoles.get(name) ?? new Set());
        cat.userRoles.delete(name);
      } else if (ts.accept('RESET', 'PASSWORD')) {
        /* nothing to do */
      }
      ctx.persist();
      return statusResult('Statement executed successfully.');
    }
    case 'ROLE': {
      requireAdmin(ctx, 'ROLE');
      if (create) {
        if (cat.roles.has(name) && !orReplace) {
          if (ifNotExists) return statusResult(`${name} already exists, statement succeeded.`);
          throw sfError.alreadyExists(name, 'Role');
        }
        const props = parseProps(ts);
        cat.roles.set(name, { comment: str(props.get('COMMENT')), owner });
        ctx.persist();
        return statusResult(`Role ${name} successfully created.`);
      }
      if (drop) {
        if (!cat.roles.has(name)) {
          if (ifExists) return statusResult(`Drop statement executed successfully (${name} already dropped).`);
          throw new SnowflakeError('002003', `SQL compilation error:\nRole '${name}' does not exist or not authorized.`, '02000');
        }
        if ((SYSTEM_ROLES as readonly string[]).includes(name)) throw sfError.insufficientPrivileges('role', name);
        cat.roles.delete(name);
        cat.grants = cat.grants.filter((g) => g.grantee !== name);
        for (const set of cat.userRoles.values()) set.delete(name);
        ctx.persist();
        return statusResult(`${name} successfully dropped.`);
      }
      return statusResult('Statement executed successfully.');
    }
    case 'WAREHOUSE': {
      if (create || drop) requireAdmin(ctx, 'WAREHOUSE');
      if (create) {
        if (cat.warehouses.has(name) && !orReplace) {
          if (ifNotExists) return statusResult(`${name} already exists, statement succeeded.`);
          throw sfError.alreadyExists(name, 'Warehouse');
        }
        ts.accept('WITH');
        const props = parseProps(ts);
        cat.warehouses.set(name, { name, size: str(props.get('WAREHOUSE_SIZE')) ?? 'X-Small', state: 'STARTED' });
        cat.owners.set(`WAREHOUSE:${name}`, owner);
        // Like Snowflake, creating a warehouse makes it the session's current one.
        s.warehouse = name;
        ctx.persist();
        return statusResult(`Warehouse ${name} successfully created.`);
      }
      if (drop) {
        if (!cat.warehouses.delete(name) && !ifExists) throw sfError.objectNotFound(name, 'Warehouse');
        if (s.warehouse === name) s.warehouse = null;
        ctx.persist();
        return statusResult(`${name} successfully dropped.`);
      }
      if (!cat.warehouses.has(name) && !ifExists) throw sfError.objectNotFound(name, 'Warehouse');
      return statusResult('Statement executed successfully.');
    }
    case 'DATABASE': {
      if (create || drop) requireAdmin(ctx, 'DATABASE');
      const exists = await ctx.engine.databaseExists(name);
      if (create) {
        if (exists && !orReplace) {
          if (ifNotExists) return statusResult(`${name} already exists, statement succeeded.`);
          throw sfError.alreadyExists(name, 'Database');
        }
        await ctx.engine.createDatabase(name, orReplace);
        cat.owners.set(`DATABASE:${name}`, owner);
        cat.owners.set(`SCHEMA:${name}.PUBLIC`, owner);
        await ctx.useNamespace(s, name, 'PUBLIC');
        ctx.persist();
        return statusResult(`Database ${name} successfully created.`);
      }
      if (drop) {
        if (!exists) {
          if (ifExists) return statusResult(`Drop statement executed successfully (${name} already dropped).`);
          throw sfError.objectNotFound(name, 'Database');
        }
        if (s.database === name) await ctx.useNamespace(s, null, null);
        await ctx.engine.dropDatabase(name);
        ctx.persist();
        return statusResult(`${name} successfully dropped.`);
      }
      if (!exists && !ifExists) throw sfError.objectNotFound(name, 'Database');
      return statusResult('Statement executed successfully.');
    }
    case 'SCHEMA': {
      const full = qualify(ctx, parts, 'SCHEMA');
      const [db, schema] = full.split('.') as [string, string];
      if (create || drop) {
        if (!isAdmin(cat, s.role)) {
          const dbPrivs = privilegesOn(cat, effectiveRoles(cat, s.role), 'DATABASE', db);
          if (dbPrivs.size === 0) throw sfError.objectNotFound(db, 'Database');
          if (!dbPrivs.has('CREATE SCHEMA') && !dbPrivs.has('OWNERSHIP') && !dbPrivs.has('ALL')) throw sfError.insufficientPrivileges('database', db);
        }
      }
      if (!(await ctx.engine.databaseExists(db))) throw sfError.objectNotFound(db, 'Database');
      const exists = (await ctx.engine.listSchemas(db)).includes(schema);
      if (create) {
        if (exists && !orReplace) {
          if (ifNotExists) return statusResult(`${schema} already exists, statement succeeded.`);
          throw sfError.alreadyExists(schema, 'Schema');
        }
        if (exists) await ctx.engine.exec(`DROP SCHEMA ${quoteIdent(db)}.${quoteIdent(schema)} CASCADE`);
        await ctx.engine.exec(`CREATE SCHEMA ${quoteIdent(db)}.${quoteIdent(schema)}`);
        cat.owners.set(`SCHEMA:${full}`, owner);
        await ctx.useNamespace(s, db, schema);
        ctx.persist();
        return statusResult(`Schema ${schema} successfully created.`);
      }
      if (drop) {
        if (!exists) {
          if (ifExists) return statusResult(`Drop statement executed successfully (${schema} already dropped).`);
          throw sfError.objectNotFound(full, 'Schema');
        }
        await ctx.engine.exec(`DROP SCHEMA ${quoteIdent(db)}.${quoteIdent(schema)} CASCADE`);
        if (s.database === db && s.schema === schema) await ctx.useNamespace(s, db, null);
        ctx.persist();
        return statusResult(`${schema} successfully dropped.`);
      }
      if (!exists && !ifExists) throw sfError.objectNotFound(full, 'Schema');
      return statusResult('Statement executed successfully.');
    }
    default:
      return null;
  }
}

export function effectiveRolesOfUser(cat: CatalogState, user: string): Set<string> {
  const out = new Set<string>(['PUBLIC']);
  for (const r of cat.userRoles.get(user) ?? []) for (const x of effectiveRoles(cat, r)) out.add(x);
  return out;
}

