import { useState } from 'react';
import type { Scenario } from '../../../shared/sandbox';
import { useScenarios } from '../sandbox/use-scenarios';
import { addressOf } from './compose-draft';

const sampleTo = (s: Scenario) => `you@${s.domain}`;
const chipName = (s: Scenario) => s.domain.split('.')[0] ?? s.domain;

/** The scenario the first To address goes to, if any. */
function scenarioOf(to: string, scenarios: Scenario[]): Scenario | undefined {
  const first = addressOf(to.split(/[,;\n]/)[0] ?? '');
  const domain = first?.slice(first.lastIndexOf('@') + 1).toLowerCase();
  return scenarios.find((s) => s.domain === domain);
}

interface ScenarioChipsProps {
  to: string;
  onTo(to: string): void;
}

/**
 * One chip per sandbox scenario, explained by the sandbox's own words. A chip replaces To with
 * an address of its scenario and says so, with the replaced recipients one click away.
 */
export function ScenarioChips({ to, onTo }: ScenarioChipsProps) {
  const { value: info, error } = useScenarios();
  const [undo, setUndo] = useState<{ to: string; previous: string } | null>(null);
  if (error) return <p className="compose-scenario-note">Sandbox scenarios unavailable: {error}</p>;
  if (!info) return null;
  const current = scenarioOf(to, info.scenarios);
  const replaced = undo && undo.to === to ? undo.previous : null;
  const pick = (s: Scenario) => {
    const next = sampleTo(s);
    if (next === to) return;
    setUndo(to.trim() ? { to: next, previous: to } : null);
    onTo(next);
  };
  return (
    <div className="compose-scenarios-box">
      <fieldset className="compose-scenarios" aria-label="Sandbox scenarios">
        {info.scenarios.map((s) => (
          <button
            key={s.domain}
            type="button"
            className={`chip${current === s ? ' chip-on' : ''}`}
            aria-pressed={current === s}
            title={`${s.title}: ${s.description}`}
            onClick={() => pick(s)}
          >
            {chipName(s)}
          </button>
        ))}
      </fieldset>
      <p className="compose-scenario-note" role="status">
        {replaced !== null && (
          <>
            To is now <span className="mono">{to}</span>, in place of{' '}
            <span className="mono">{replaced}</span>.{' '}
            <button type="button" className="link-button" onClick={() => onTo(replaced)}>
              Undo
            </button>
          </>
        )}
      </p>
      {current && (
        <p className="compose-scenario-note">
          <strong>{current.title}:</strong> {current.description}
        </p>
      )}
    </div>
  );
}
