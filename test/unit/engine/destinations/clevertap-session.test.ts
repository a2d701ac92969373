import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CleverTapSettings } from '../../../../shared/destinations';
import { clevertapSession } from '../../../../electron/engine/destinations/clevertap/session';
import { MaybeStored } from '../../../../electron/engine/destinations/clevertap/response';
import { canonicalJson } from '../../../../electron/engine/rows/canonical';
import type { OutRecord } from '../../../../electron/engine/delivery/batcher';
import { DeliveryError } from '../../../../electron/engine/destinations/types';

/** A scripted stand-in for /1/upload: each request gets the next answer; what it was sent is kept. */
type Answer = { status: number; body?: unknown } | 'drop';
let server: http.Server;
let url: string;
let script: Answer[] = [];
const received: Array<{ identities: string[]; headers: http.IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      const d = (JSON.parse(text) as { d: Array<{ identity: string }> }).d;
      received.push({ identities: d.map((r) => r.identity), headers: req.headers });
      const answer = script.shift() ?? { status: 200, body: { status: 'success', processed: d.length, unprocessed: [] } };
      if (answer === 'drop') return void req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  received.length = 0;
});

const event = (i: number): OutRecord => {
  const payload = { identity: `u${i}`, evtName: 'e', evtData: { i } };
  return { rowKey: `r${i}`, idempotencyKey: `idem-${i}`, op: 'upsert', payload, json: canonicalJson(payload), hash: `h${i}`, watermark: null, source: null, bytes: 0 };
};
const session = () => clevertapSession(CleverTapSettings.parse({ accountId: 'CT_ACCOUNT', endpoint: url, timeoutMs: 2000 }), 'CT_PASSCODE', 'events');
const signal = new AbortController().signal;

describe('CleverTap session', () => {
  it('sends the account headers and accepts what was processed, rejecting what was not with the code and message', async () => {
    script = [{ status: 200, body: { status: 'partial', processed: 2, unprocessed: [{ status: 'fail', code: 512, error: 'Invalid event structure: x. Skipped record number : 2', record: {} }] } }];
    const s = session();
    const { results } = await s.send([event(1), event(2), event(3)], signal);
    expect(results).toEqual([
      { status: 'accepted' },
      { status: 'rejected', reason: 'CleverTap refused the record (code 512): Invalid event structure: x. Skipped record number : 2', retryable: false },
      { status: 'accepted' },
    ]);
    expect(received[0]!.headers).toMatchObject({ 'x-clevertap-account-id': 'CT_ACCOUNT', 'x-clevertap-passcode': 'CT_PASSCODE' });
    await s.finish();
  });

  it('a 413 splits the upload; when a later half fails, the retry sends only what was not acknowledged', async () => {
    script = [{ status: 413 }, { status: 200, body: { status: 'success', processed: 2, unprocessed: [] } }, { status: 503 }];
    const s = session();
    const batch = [event(1), event(2), event(3), event(4)];
    await expect(s.send(batch, signal)).rejects.toMatchObject({ retryable: true, status: 503 });
    const { results } = await s.send(batch, signal);
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(received.map((r) => r.identities)).toEqual([['u1', 'u2', 'u3', 'u4'], ['u1', 'u2'], ['u3', 'u4'], ['u3', 'u4']]);
    await s.finish();
  });

  it('a lost answer may have been stored: the error says so, and is retryable; a refused connection is not "maybe stored"', async () => {
    script = ['drop'];
    const s = session();
    const lost = await s.send([event(1)], signal).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(MaybeStored);
    expect(lost).toMatchObject({ retryable: true, message: expect.stringMatching(/may have stored this record already.*evtData\.floe_id/) });
    await s.abort();
    const nowhere = clevertapSession(CleverTapSettings.parse({ accountId: 'A', endpoint: 'http://127.0.0.1:1', timeoutMs: 2000 }), 'P', 'events');
    const refused = await nowhere.send([event(1)], signal).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeliveryError);
    expect(refused).not.toBeInstanceOf(MaybeStored);
    await nowhere.abort();
  });

  it('records whose answer was lost and that a later attempt got accepted are counted as maybe duplicated, once each', async () => {
    // Attempt 1 splits on a 413; its first half is stored, its second half's answer is lost.
    // Attempt 2 sends only that half, loses the answer again for a 502, and attempt 3 has it accepted.
    script = [{ status: 413 }, { status: 200, body: { status: 'success', processed: 2, unprocessed: [] } }, 'drop', { status: 502 }];
    const s = session();
    const batch = [event(1), event(2), event(3), event(4)];
    await expect(s.send(batch, signal)).rejects.toBeInstanceOf(MaybeStored);
    await expect(s.send(batch, signal)).rejects.toBeInstanceOf(MaybeStored);
    const sent = await s.send(batch, signal);
    expect(sent.results.every((r) => r.status === 'accepted')).toBe(true);
    expect(sent.maybeDuplicated).toBe(2);
    expect(received.map((r) => r.identities)).toEqual([['u1', 'u2', 'u3', 'u4'], ['u1', 'u2'], ['u3', 'u4'], ['u3', 'u4'], ['u3', 'u4']]);
    // The next batch starts clean.
    expect((await s.send([event(5)], signal)).maybeDuplicated).toBe(0);
    await s.finish();
  });

  it('a record in doubt that CleverTap then refuses is rejected, not counted; a 503 (not taken) leaves no doubt', async () => {
    script = ['drop', { status: 200, body: { status: 'partial', processed: 1, unprocessed: [{ status: 'fail', code: 512, error: 'bad. Skipped record number : 1', record: {} }] } }];
    const s = session();
    const batch = [event(1), event(2)];
    await expect(s.send(batch, signal)).rejects.toBeInstanceOf(MaybeStored);
    const sent = await s.send(batch, signal);
    expect(sent.results.map((r) => r.status)).toEqual(['rejected', 'accepted']);
    expect(sent.maybeDuplicated).toBe(1);
    script = [{ status: 503 }];
    const other = [event(3)];
    await expect(s.send(other, signal)).rejects.toMatchObject({ status: 503 });
    expect((await s.send(other, signal)).maybeDuplicated).toBe(0);
    await s.finish();
  });
});
