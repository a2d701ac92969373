import { describe, expect, it } from 'vitest';
import { ConnectionDraft } from '../../../shared/schemas';
import { useEngineEnv } from './helpers';

// Issue 15 §1.4: Floe never sends a Snowflake password (or key-signed token) over plain http to
// another computer. https everywhere; http only to this one (the emulator, a local proxy).
const t = useEngineEnv(50);

describe('a Snowflake access URL', () => {
  const draft = (accessUrl: string | null) => ({
    name: 'Prod', account: 'acme-prod', username: 'FLOE_USER', role: null, warehouse: null, database: null, schema: null,
    authKind: 'password', keyId: null, objects: { kind: 'all' }, accessUrl,
  });

  it('over http to another computer is refused at the field; https anywhere and http to this computer are taken', () => {
    const refused = ConnectionDraft.safeParse(draft('http://acme-prod.snowflakecomputing.com'));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['accessUrl'], message: expect.stringMatching(/^Use an https:\/\/ access URL/) });
    expect(ConnectionDraft.safeParse(draft('http://127.0.0.1.attacker.example:8080')).success).toBe(false);
    expect(ConnectionDraft.safeParse(draft('https://acme-prod.privatelink.snowflakecomputing.com')).success).toBe(true);
    expect(ConnectionDraft.safeParse(draft('http://127.0.0.1:8080')).success).toBe(true);
    expect(ConnectionDraft.safeParse(draft(null)).success).toBe(true);
  });

  it('a connection saved with one before is neither tested nor run: its password stays home', async () => {
    const { core, connection } = t.env;
    core.store.db.prepare('UPDATE connections SET access_url = ? WHERE id = ?').run('http://snowflake.attacker.invalid', connection.id);
    try {
      const result = await core.handlers['connections.test']({ id: connection.id });
      expect(result).toMatchObject({ ok: false, error: { code: 'insecure_access_url', remedy: expect.stringMatching(/https:\/\//) } });
      const sync = await t.env.sync({});
      const run = await t.env.run(sync.id);
      expect(run).toMatchObject({ status: 'failed', error: { code: 'insecure_access_url', remedy: expect.stringMatching(/https:\/\//) } });
    } finally {
      core.store.db.prepare('UPDATE connections SET access_url = ? WHERE id = ?').run(t.emulator.accessUrl, connection.id);
    }
  });
});
