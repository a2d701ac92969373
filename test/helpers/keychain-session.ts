import { spawnSync } from 'node:child_process';
import { Entry } from '@napi-rs/keyring';

/** Writes, reads and deletes one entry as Floe does (Secret Service only, never the kernel keyring). */
export function keychainAnswers(): boolean {
  try {
    const entry = new Entry('FloeTestProbe', 'probe', { linux: { store: 'secret-service' } });
    entry.setPassword('ok');
    const ok = entry.getPassword() === 'ok';
    entry.deletePassword();
    return ok;
  } catch {
    return false;
  }
}

/**
 * The keychain tests need an unlocked keyring for the whole run. On a CI machine the keyring
 * daemon once crashed part-way (the kernel logged a glib trap in gnome-keyring-daemon); D-Bus then
 * started a locked one, and every later keychain call failed with "unlock prompt was dismissed".
 * Where the test session is the harness's own (npm test's or CI's, never a desktop user's), this
 * starts an unlocked daemon again when the keychain stops answering. Returns whether it answers.
 */
export function ensureKeychain(): boolean {
  const ownSession = !!(process.env.FLOE_TESTS_IN_SESSION || process.env.CI);
  if (process.platform !== 'linux' || !ownSession || keychainAnswers()) return true;
  console.warn('The keychain stopped answering: starting an unlocked gnome-keyring-daemon again.');
  spawnSync('sh', ['-c', 'echo "" | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null'], { stdio: 'inherit', timeout: 20_000 });
  return keychainAnswers();
}
