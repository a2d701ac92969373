import { describe, expect, it } from 'vitest';
import { headerLine, readableBody, rejectionReasons } from '../../../renderer/src/lib/request-body';

describe('a request body as people read it', () => {
  it('decodes a form-encoded body (Amplitude identify) into one name=value line per field', () => {
    const identification = JSON.stringify([{ user_id: 'user_0000001', user_properties: { plan: 'pro & more', city: 'São Paulo' } }]);
    const body = new URLSearchParams({ api_key: '••••••', identification }).toString();
    expect(body).toContain('%5B%7B');
    expect(readableBody({ headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body })).toEqual({
      text: `api_key=••••••\nidentification=${identification}`,
      decoded: true,
    });
  });

  it('shows any other body exactly as sent', () => {
    const body = '{"api_key":"••••••","events":[{"event_type":"a b","insert_id":"k"}]}';
    expect(readableBody({ headers: { 'content-type': 'application/json' }, body })).toEqual({ text: body, decoded: false });
    expect(readableBody({ headers: {}, body: 'a=b%20c' })).toEqual({ text: 'a=b%20c', decoded: false });
  });

  it('puts the headers on one line, in the order sent', () => {
    expect(headerLine({ 'content-type': 'application/json', authorization: 'Basic ••••••' })).toBe('content-type: application/json · authorization: Basic ••••••');
  });
});

describe('why a dry run’s rows would be rejected', () => {
  it('gives each reason once with its count, most first; sent and unchanged rows are not reasons', () => {
    const rows = [
      { status: 'rejected', reason: 'user_id is shorter than 5 characters' },
      { status: 'send', reason: null },
      { status: 'rejected', reason: 'user_id or device_id is needed' },
      { status: 'rejected', reason: 'user_id or device_id is needed' },
      { status: 'unchanged', reason: null },
      { status: 'rejected', reason: null },
    ];
    expect(rejectionReasons(rows)).toEqual([
      { reason: 'user_id or device_id is needed', rows: 2 },
      { reason: 'user_id is shorter than 5 characters', rows: 1 },
      { reason: 'No reason given', rows: 1 },
    ]);
    expect(rejectionReasons([{ status: 'send', reason: null }])).toEqual([]);
  });
});
