import { useId, useState } from 'react';
import type { Scenario } from '../../../shared/sandbox';
import { ChaosEditor } from './chaos-editor';
import { badgeClass, behaviourBadge, knobBadges } from './knob-badges';

interface ScenarioCardProps {
  scenario: Scenario;
  onSaved(scenario: Scenario): void;
}

/** One scenario domain: what it does, where its MX hosts listen, and its chaos knobs. */
export function ScenarioCard({ scenario, onSaved }: ScenarioCardProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const badges = knobBadges(scenario.knobs);
  return (
    <article className="card sbx-scenario" aria-label={scenario.domain}>
      <header className="sbx-scenario-head">
        <code className="sbx-domain">{scenario.domain}</code>
        <span className="sbx-scenario-title">{scenario.title}</span>
        {badges.length > 0 && (
          <ul className="sbx-badges" aria-label="Active chaos">
            {badges.map((b) => (
              <li key={b.key} className={badgeClass(b.tone)}>
                {b.text}
              </li>
            ))}
          </ul>
        )}
      </header>
      <p className="sbx-scenario-desc">{scenario.description}</p>
      {scenario.nullMx ? (
        <p className="sbx-null-mx">null MX — nothing is dialled</p>
      ) : (
        <ul className="sbx-hosts" aria-label="MX hosts">
          {scenario.hosts.map((h) => {
            const behaviour = behaviourBadge(h.behaviour);
            return (
              <li key={h.host} className="sbx-host-row">
                <span className="sbx-pref" title="MX preference">
                  {h.preference}
                </span>
                <span className="sbx-host">{h.host}</span>
                <span className={badgeClass(behaviour.tone)}>{behaviour.text}</span>
                <span className="sbx-addr">
                  {h.address}:{h.port || '—'}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {!scenario.nullMx && (
        <div className="sbx-chaos">
          <button
            type="button"
            className="sbx-disclosure"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
          >
            Chaos
          </button>
          {/* Hidden, not unmounted: a collapsed editor keeps its unsaved edits. */}
          <div id={panelId} hidden={!open}>
            <ChaosEditor scenario={scenario} onSaved={onSaved} />
          </div>
        </div>
      )}
    </article>
  );
}
