import { describe, expect, it } from 'vitest';
import { parsedSettings, settingNames, settingsFromArgs } from '../../../electron/core/cli/settings-args';
import { descriptorFor } from '../../../shared/destinations';

const http = descriptorFor('http')!;
const file = descriptorFor('file')!;

describe('--setting key=value, typed by the kind’s schema', () => {
  it.each([
    [['batchSize=25'], { batchSize: 25 }],
    [['gzip=true'], { gzip: true }],
    [['ratePerSecond=null'], { ratePerSecond: null }],
    [['ratePerSecond=12.5'], { ratePerSecond: 12.5 }],
    [['headers={"X-A":"1","X-B":"2"}'], { headers: { 'X-A': '1', 'X-B': '2' } }],
    [['headers.X-A=1', 'headers.X-B=two=2'], { headers: { 'X-A': '1', 'X-B': 'two=2' } }],
    [['url=https://example.com/a?b=c'], { url: 'https://example.com/a?b=c' }],
  ])('%j → %j', (pairs, expected) => {
    expect(settingsFromArgs(http, pairs)).toEqual(expected);
  });

  it('keeps text a text setting takes, even when it reads as JSON', () => {
    expect(settingsFromArgs(file, ['prefix=2026', 'directory=true'])).toEqual({ prefix: '2026', directory: 'true' });
  });

  it('keeps text no reading fits, so the schema says what is wrong with it', () => {
    const settings = settingsFromArgs(http, ['url=https://example.com', 'batchSize=lots']);
    expect(settings.batchSize).toBe('lots');
    expect(() => parsedSettings(http, settings)).toThrow(/batchSize: /);
  });

  it('refuses an unknown setting, listing the kind’s own', () => {
    expect(() => settingsFromArgs(file, ['folder=/tmp'])).toThrow('File destinations have no setting called "folder".');
    expect(settingNames(file)).toEqual(['directory', 'format', 'prefix']);
  });

  it('refuses a pair without a name', () => {
    expect(() => settingsFromArgs(http, ['=x'])).toThrow('"=x" is not a setting.');
  });

  it('completes defaults through the schema', () => {
    expect(parsedSettings(file, { directory: '/tmp/out' })).toEqual({ directory: '/tmp/out', format: 'ndjson', prefix: 'floe' });
  });
});
