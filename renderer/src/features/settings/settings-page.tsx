import { useEffect } from 'react';
import type { AppInfo } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { floe } from '../../lib/api';
import { DataFolder } from './data-folder';
import { PreferencesCards } from './preferences-cards';
import { useSettings } from './settings-store';
import './settings.css';

/** Where Floe keeps its data and secrets, and what is running. */
function InfoCards(props: { info: AppInfo }) {
  const { info } = props;
  return (
    <>
      <section className="card" aria-label="Data">
        <h2>Data</h2>
        <dl className="facts">
          <dt>Data folder</dt>
          <dd>
            <DataFolder path={info.dataDir} desktop={info.mode === 'desktop'} />
          </dd>
          <dt>Database</dt>
          <dd><code>{info.databaseFile}</code></dd>
          <dt>Log file</dt>
          <dd><code>{info.logFile}</code></dd>
        </dl>
        <p className="muted">
          Connections, destinations, syncs and run history live in this SQLite file. Set <code>FLOE_HOME</code> to
          keep them somewhere else.
        </p>
      </section>
      <section className="card" aria-label="Secrets">
        <h2>Secrets</h2>
        <dl className="facts">
          <dt>Keychain</dt>
          <dd>{info.keychain.backend}</dd>
          <dt>Status</dt>
          <dd>
            <span className={info.keychain.available ? 'badge badge-ok' : 'badge badge-failed'}>
              {info.keychain.available ? 'Available' : 'Unavailable'}
            </span>
          </dd>
        </dl>
        {info.keychain.problem && <p className="notice notice-error">{info.keychain.problem}</p>}
        <p className="muted">
          Passwords, private keys and API tokens are stored only in the OS keychain under “Floe”. Floe can use them but
          never shows them again.
        </p>
      </section>
      <section className="card" aria-label="About">
        <h2>About</h2>
        <dl className="facts">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Running as</dt>
          <dd>{info.mode === 'desktop' ? 'Desktop app' : 'Headless host (browser on this machine)'}</dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
        </dl>
      </section>
    </>
  );
}

export function SettingsPage() {
  const { info, error, load, preferences, preferencesError, receivePreferences } = useSettings();
  useEffect(() => {
    void load();
    return floe.on('preferences.changed', receivePreferences);
  }, [load, receivePreferences]);

  return (
    <>
      <PageHeader title="Settings" subtitle="What Floe tells you about, how it starts, and where it keeps your data and secrets on this computer." />
      {error && <ErrorNotice error={error} onRetry={load} />}
      {preferencesError && <ErrorNotice error={preferencesError} onRetry={load} />}
      <div className="cards">
        {preferences && <PreferencesCards preferences={preferences} info={info} />}
        {info && <InfoCards info={info} />}
      </div>
    </>
  );
}
