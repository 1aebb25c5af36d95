import { useState } from 'react';
import { RpcCallError } from '../../../shared/rpc';
import type { Scenario } from '../../../shared/sandbox';
import { useApi } from '../api/api-context';
import { Alert } from '../ui/alert';
import { ChaosFields } from './chaos-fields';
import {
  checkKnobDraft,
  dirtyFields,
  fieldIssues,
  type KnobDraft,
  type KnobErrors,
  type KnobField,
  knobText,
  rebaseDraft,
  toKnobDraft,
} from './knob-draft';
import { messageOf } from './use-load';

const sameKnobs = (a: Scenario['knobs'], b: Scenario['knobs']) =>
  JSON.stringify(a) === JSON.stringify(b);

interface ChaosEditorProps {
  scenario: Scenario;
  onSaved(scenario: Scenario): void;
}

/** The scenario's knobs as a form: Apply sends only what changed, Reset restores its defaults. */
export function ChaosEditor({ scenario, onSaved }: ChaosEditorProps) {
  const api = useApi();
  const [base, setBase] = useState(scenario.knobs);
  const [draft, setDraft] = useState(() => toKnobDraft(scenario.knobs));
  const [conflicts, setConflicts] = useState<KnobField[]>([]);
  const [errors, setErrors] = useState<KnobErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  // Another window (or our own echo) changed the knobs: follow them without losing edits.
  if (!sameKnobs(base, scenario.knobs)) {
    const next = rebaseDraft(draft, base, scenario.knobs, conflicts);
    setBase(scenario.knobs);
    setDraft(next.draft);
    setConflicts(next.conflicts);
  }

  const dirty = dirtyFields(draft, base);
  const set = <F extends KnobField>(field: F, value: KnobDraft[F]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setNote(null);
  };
  const props = (field: KnobField) => ({
    error: errors[field],
    elsewhere: conflicts.includes(field) ? knobText(field, base) : null,
    onTakeElsewhere: () => {
      set(field, toKnobDraft(base)[field]);
      setConflicts((c) => c.filter((f) => f !== field));
    },
  });

  const run = async (request: () => Promise<Scenario>, done: string) => {
    setBusy(true);
    setFailure(null);
    try {
      const saved = await request();
      setBase(saved.knobs);
      setDraft(toKnobDraft(saved.knobs));
      setConflicts([]);
      setErrors({});
      setNote(done);
      onSaved(saved);
    } catch (error) {
      const { errors: byField, other } =
        error instanceof RpcCallError ? fieldIssues(error.issues) : { errors: {}, other: [] };
      setErrors(byField);
      if (other.length || !Object.keys(byField).length)
        setFailure([messageOf(error), ...other].join(' '));
    } finally {
      setBusy(false);
    }
  };

  const apply = () => {
    const checked = checkKnobDraft(draft, base);
    if ('errors' in checked) return setErrors(checked.errors);
    run(
      () => api['sandbox.setKnobs']({ domain: scenario.domain, knobs: checked.patch }),
      'Applied: the next connection sees it.',
    );
  };
  const reset = () =>
    run(
      () => api['sandbox.resetKnobs']({ domain: scenario.domain }),
      "Back to the scenario's defaults.",
    );

  return (
    <form
      className="sbx-knobs"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <ChaosFields draft={draft} set={set} field={props} />
      {failure && (
        <div className="sbx-knob-wide">
          <Alert tone="fail" title="The sandbox refused these knobs">
            {failure}
          </Alert>
        </div>
      )}
      <div className="sbx-knob-actions">
        <span className="sbx-knob-status" aria-live="polite">
          {dirty.length ? `${dirty.length} unsaved change${dirty.length > 1 ? 's' : ''}` : note}
        </span>
        {dirty.length > 0 && (
          <button
            type="button"
            className="sbx-link"
            onClick={() => {
              setDraft(toKnobDraft(base));
              setErrors({});
              setConflicts([]);
            }}
          >
            Discard
          </button>
        )}
        <button type="button" className="button button-small" disabled={busy} onClick={reset}>
          Reset
        </button>
        <button
          type="submit"
          className="button button-small button-primary"
          disabled={busy || !dirty.length}
        >
          Apply
        </button>
      </div>
    </form>
  );
}
