import type { Connection, ConnectionDraft, ConnectionTestResult, GrantRequest } from '../../../shared/schemas';
import { FloeError } from '../errors';
import { grantSql, setKeySql, unsetKeySql } from '../keys/grant-sql';
import { IdentifierError } from '../../snowflake/identifiers';
import type { KeyStore } from '../keys/key-store';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import type { Credentials } from '../../snowflake/driver-options';
import { DEFAULT_TEST_TIMEOUT_MS, testConnection } from './connection-test';

/** Connection operations that need secrets: testing, the setup SQL, key rotation. */
export class ConnectionService {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
    private readonly keys: KeyStore,
    private readonly log: Logger,
    private readonly timeoutMs = DEFAULT_TEST_TIMEOUT_MS,
  ) {}

  get(id: string): Connection {
    const connection = this.store.connections.get(id);
    if (!connection) throw new FloeError('connection_not_found', 'That connection no longer exists.', 'Reload the list of connections.');
    return connection;
  }

  async credentials(connection: Connection, keyId = connection.keyId): Promise<Credentials> {
    if (connection.authKind === 'password') {
      const password = await this.secrets.get({ kind: 'connection', id: connection.id, field: 'password' });
      if (!password) throw new FloeError('password_missing', `No password is saved for "${connection.name}".`, 'Enter the password for this connection, then test it again.');
      return { kind: 'password', password };
    }
    if (!keyId) throw new FloeError('key_not_chosen', `"${connection.name}" has no key pair.`, 'Choose or generate a key pair for this connection.');
    return { kind: 'keypair', ...(await this.keys.privateKey(keyId)) };
  }

  /**
   * Tests the connection and records the outcome. During a rotation the new key is the one
   * tested; when it passes, it becomes the connection's key and the result carries the SQL that
   * removes the old one.
   */
  async test(id: string): Promise<ConnectionTestResult> {
    const connection = this.get(id);
    const rotating = connection.authKind === 'keypair' && connection.pendingKeyId !== null;
    const credentials = await this.credentials(connection, rotating ? connection.pendingKeyId : connection.keyId);
    const result = await testConnection(connection, credentials, { timeoutMs: this.timeoutMs });
    this.store.connections.recordTest(id, { ok: result.ok, error: result.error?.message ?? null });
    this.log.info('connection.tested', { id, ok: result.ok, code: result.error?.code ?? null, ms: result.durationMs });
    if (result.ok && rotating) {
      this.store.connections.promotePendingKey(id);
      this.log.info('connection.key_rotated', { id });
      return { ...result, rotation: { unsetSql: unsetKeySql(connection.username, connection.keySlot) } };
    }
    return result;
  }

  /**
   * Tests a connection that is not saved: nothing is recorded, the password serves this test
   * only, and a key pair may still be a draft (in memory, not in the keychain).
   */
  async testDraft(draft: ConnectionDraft, password: string | undefined): Promise<ConnectionTestResult> {
    const at = new Date().toISOString();
    const connection: Connection = {
      ...draft,
      id: 'draft',
      keyFingerprint: null,
      keySlot: 1,
      pendingKeyId: null,
      status: 'untested',
      lastTestedAt: null,
      lastError: null,
      createdAt: at,
      updatedAt: at,
    };
    let credentials: Credentials;
    if (draft.authKind === 'password') {
      if (!password) throw new FloeError('password_missing', `No password was given for ${draft.username}.`, 'Enter the password for this user, then test again.');
      credentials = { kind: 'password', password };
    } else {
      credentials = await this.credentials(connection);
    }
    const result = await testConnection(connection, credentials, { timeoutMs: this.timeoutMs });
    this.log.info('connection.draft_tested', { ok: result.ok, code: result.error?.code ?? null, ms: result.durationMs });
    return result;
  }

  grantSql(request: GrantRequest): string {
    const auth =
      request.auth.kind === 'keypair'
        ? { kind: 'keypair' as const, publicKey: this.keys.get(request.auth.keyId).publicKey, slot: request.auth.slot }
        : { kind: 'password' as const };
    try {
      return this.buildGrantSql(request, auth);
    } catch (error) {
      if (error instanceof IdentifierError || (error instanceof Error && /at least one/.test(error.message))) {
        throw new FloeError('invalid_setup', error.message, 'Correct the names and choices, then write the SQL again.');
      }
      throw error;
    }
  }

  private buildGrantSql(request: GrantRequest, auth: Parameters<typeof grantSql>[0]['auth']): string {
    return grantSql({
      adminRole: request.adminRole,
      role: { name: request.role, create: request.createRole },
      warehouse: { name: request.warehouse, create: request.createWarehouse },
      user: { name: request.user, create: request.createUser },
      database: request.database,
      schema: request.schema,
      objects: request.objects,
      auth,
    });
  }

  /** Puts a new key in the slot the current key does not use, and returns the SQL that sets it. */
  startRotation(id: string, keyId: string): string {
    const connection = this.get(id);
    if (connection.authKind !== 'keypair') {
      throw new FloeError('not_keypair', `"${connection.name}" signs in with a password.`, 'Edit the connection to use a key pair instead.');
    }
    if (keyId === connection.keyId) throw new FloeError('same_key', 'That is the key the connection already uses.', 'Generate or choose a different key pair.');
    const key = this.keys.get(keyId);
    this.store.connections.setPendingKey(id, keyId);
    return setKeySql(connection.username, key.publicKey, connection.keySlot === 1 ? 2 : 1);
  }
}
