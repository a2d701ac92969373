import { kindLabel } from '../../../shared/destinations';
import type { DestinationTestResult } from '../../../shared/ipc';
import { secretLabel, type DestinationKind, type SecretField } from '../../../shared/schemas';
import { destinationModule, type DestinationModule } from '../../engine/destinations';
import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

/** How long a test call may take, connection and answer included. */
export const TEST_TIMEOUT_MS = 15_000;

const MASK = '••••••';

/**
 * Pure: the result with every trace of the secrets replaced by a mask, as they are or
 * base64-encoded the way Basic authentication sends them. The module masks its own preview;
 * this is the guarantee that nothing it echoes back (a response quoting the key) reaches the UI.
 */
export function masked(result: DestinationTestResult, secrets: readonly string[]): DestinationTestResult {
  const forms = secrets
    .filter((s) => s.length >= 4)
    .flatMap((s) => [s, encodeURIComponent(s), ...[s, `${s}:`, `:${s}`].map((v) => Buffer.from(v).toString('base64'))])
    .sort((a, b) => b.length - a.length);
  const hide = (text: string) => forms.reduce((t, form) => t.split(form).join(MASK), text);
  return {
    ...result,
    message: hide(result.message),
    response: hide(result.response),
    request: {
      method: result.request.method,
      url: hide(result.request.url),
      headers: Object.fromEntries(Object.entries(result.request.headers).map(([k, v]) => [k, hide(v)])),
      body: hide(result.request.body),
    },
  };
}

/**
 * "Send test event": one real call with a saved destination's settings and the secrets in the
 * keychain, which never leave core (the request shown is masked). Tests may give their own
 * module registry and a shorter time limit.
 */
export function destinationTestHandlers(
  ctx: CoreContext,
  options: { modules?: (kind: DestinationKind) => DestinationModule<unknown> | undefined; timeoutMs?: number } = {},
): Pick<Handlers, 'destinations.sendTest'> {
  const modules = options.modules ?? destinationModule;
  const timeoutMs = options.timeoutMs ?? TEST_TIMEOUT_MS;
  const seconds = timeoutMs >= 1000 ? `${timeoutMs / 1000} seconds` : `${timeoutMs} ms`;
  return {
    'destinations.sendTest': async ({ id }) => {
      const destination = ctx.store.destinations.get(id);
      if (!destination) throw new FloeError('destination_not_found', 'That destination no longer exists.', 'Reload the list of destinations.');
      const label = kindLabel(destination.kind);
      const module = modules(destination.kind);
      if (!module?.sendTest) {
        throw new FloeError(
          'test_unavailable',
          `${label} destinations have no test event to send.`,
          'Dry-run a sync to this destination instead: it shows the exact requests a run would make, without sending them.',
        );
      }
      const parsed = module.descriptor.settings.safeParse(destination.settings);
      if (!parsed.success) {
        throw new FloeError('destination_invalid', `The settings of "${destination.name}" are not valid: ${parsed.error.issues[0]?.message}.`, 'Edit the destination and save it again.');
      }
      const secrets: Partial<Record<SecretField, string>> = {};
      const values: string[] = [];
      for (const field of module.descriptor.secretFields(parsed.data)) {
        const value = await ctx.secrets.get({ kind: 'destination', id, field });
        if (!value) {
          throw new FloeError('secret_missing', `"${destination.name}" has no ${field === 'apiKey' ? 'API key' : secretLabel(field)} saved in the keychain.`, 'Edit the destination, enter it and save.');
        }
        secrets[field] = value;
        values.push(value);
      }
      const signal = AbortSignal.timeout(timeoutMs);
      let result: DestinationTestResult;
      try {
        result = await module.sendTest({ settings: parsed.data, secrets, syncName: `Floe (destination “${destination.name}”)`, now: new Date() }, signal);
      } catch (error) {
        const message = masked({ ok: false, status: null, message: (error as Error).message, request: { method: '', url: '', headers: {}, body: '' }, response: '' }, values).message;
        if (signal.aborted) {
          throw new FloeError('test_timeout', `${label} did not answer the test event within ${seconds}.`, 'Check the region and the endpoint override, and that this computer can reach it.');
        }
        throw new FloeError('test_failed', `The test event could not be sent: ${message}`, 'Check the region and the endpoint override, then try again.');
      }
      if (!result.ok && result.status === null && signal.aborted) {
        result = { ...result, message: `${label} did not answer the test event within ${seconds}. Check the region and the endpoint override, and that this computer can reach it.` };
      }
      ctx.log.info('destination.tested', { id, kind: destination.kind, ok: result.ok, status: result.status });
      return masked(result, values);
    },
  };
}
