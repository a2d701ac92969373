import { startHttpFake, type HttpFakeHandle, type StartHttpFakeOptions } from '../emulators/destinations/http';
import { startEmulator, type EmulatorHandle, type StartEmulatorOptions } from '../emulators/snowflake';
import { HostClient } from '../helpers/ws-client';
import { startFloe, type FloeHost } from './floe-host';
import { addDemoConnection } from './page-helpers';

/** What most specs start from: the emulator with demo data, an HTTP fake, `floe serve` with the demo connection, and a client to it. */
export interface Workspace {
  emulator: EmulatorHandle;
  fake: HttpFakeHandle;
  host: FloeHost;
  client: HostClient;
  /** The "Demo warehouse" connection, its password in the keychain. */
  connectionId: string;
}

/**
 * Starts a spec's own workspace: its runs and records never reach another spec's pages or fake.
 * Pass `emulator` options (rows, password…) and `fake` options (auth, required headers…) as the spec needs.
 */
export async function openWorkspace(options: { emulator?: StartEmulatorOptions; fake?: StartHttpFakeOptions } = {}): Promise<Workspace> {
  const emulator = await startEmulator(options.emulator);
  const fake = await startHttpFake(options.fake);
  const host = await startFloe();
  const client = await HostClient.connect(host.url);
  const connectionId = await addDemoConnection(client, emulator);
  return { emulator, fake, host, client, connectionId };
}

/** Stops what openWorkspace started, in reverse, whatever of it did start (a failed beforeAll leaves some undefined). */
export async function closeWorkspace(workspace: Partial<Workspace>): Promise<void> {
  workspace.client?.close();
  await workspace.host?.stop();
  await workspace.fake?.close();
  await workspace.emulator?.close();
}
