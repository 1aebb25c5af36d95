import { SANDBOX_SUFFIX } from '../../../shared/sandbox';
import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { ScenarioCard } from './scenario-card';
import { useScenarios } from './use-scenarios';

/** The left pane: every scenario domain, its hosts and its live chaos knobs. */
export function ScenariosPane() {
  const { value: info, loading, error, retry, replace } = useScenarios();
  return (
    <section className="sbx-pane sbx-scenarios" aria-label="Scenarios">
      <header className="sbx-pane-head">
        <h2>Scenarios</h2>
        {info && (
          <span className="sbx-pane-meta">
            {info.scenarios.length} domains · MX hosts on 127.0.0.1
          </span>
        )}
      </header>
      <div className="sbx-scroll sbx-scenario-list">
        {error && (
          <Alert
            tone="fail"
            title="Could not load the scenarios"
            action={{ label: 'Retry', run: retry }}
          >
            {error}
          </Alert>
        )}
        {info && !info.running && (
          <Alert tone="warn" title="The sandbox servers are not running">
            Sends to *.{SANDBOX_SUFFIX} fail until MXray is restarted.
          </Alert>
        )}
        {!info &&
          loading &&
          [0, 1, 2].map((i) => (
            <div key={i} className="card sbx-scenario">
              <Skeleton rows={4} />
            </div>
          ))}
        {info && info.scenarios.length === 0 && (
          <p className="sbx-empty">
            The sandbox has no scenarios. Restart MXray to start its scenario MX servers.
          </p>
        )}
        {info?.scenarios.map((s) => (
          <ScenarioCard key={s.domain} scenario={s} onSaved={replace} />
        ))}
      </div>
    </section>
  );
}
