import net from 'node:net';
import { FloeError } from '../errors';

/** True for names and addresses that can only be reached from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.split('.')[0] === '127';
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

export function assertLoopbackHost(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new FloeError(
      'not_loopback',
      `Floe's headless host only listens on this machine, and "${host}" is not a loopback address.`,
      'Use 127.0.0.1 (the default). To reach Floe from elsewhere, use an SSH tunnel to that port.',
    );
  }
}
