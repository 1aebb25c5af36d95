import { DisconnectAt, RefuseAs } from '../../../shared/sandbox';
import { Checkbox } from '../ui/checkbox';
import { DISCONNECT_LABELS, refuseAsLabel } from './knob-badges';
import type { KnobDraft, KnobField } from './knob-draft';
import { KnobField as Knob } from './knob-field';

interface ChaosFieldsProps {
  draft: KnobDraft;
  set<F extends KnobField>(field: F, value: KnobDraft[F]): void;
  /** Error and "changed elsewhere" state of one knob. */
  field(name: KnobField): {
    error: string | undefined;
    elsewhere: string | null;
    onTakeElsewhere(): void;
  };
}

/** The inputs of the chaos form, each with the label a person (and a test) finds it by. */
export function ChaosFields({ draft, set, field: props }: ChaosFieldsProps) {
  const starttls = props('offerStarttls');
  return (
    <>
      <Knob label="Greylist delay (seconds)" hint="0: off" {...props('greylistDelaySeconds')}>
        <input
          type="number"
          min={0}
          max={86_400}
          step={1}
          value={draft.greylistDelaySeconds}
          onChange={(e) => set('greylistDelaySeconds', e.target.value)}
        />
      </Knob>
      <Knob label="Reply delay (ms)" hint="Before every reply" {...props('replyDelayMs')}>
        <input
          type="number"
          min={0}
          max={120_000}
          step={100}
          value={draft.replyDelayMs}
          onChange={(e) => set('replyDelayMs', e.target.value)}
        />
      </Knob>
      <Knob label="Reject rate (0–1)" hint="Share of RCPT TO refused" {...props('rejectRate')}>
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={draft.rejectRate}
          onChange={(e) => set('rejectRate', e.target.value)}
        />
      </Knob>
      <Knob label="Reject code" hint="4xx defers, 5xx bounces" {...props('rejectCode')}>
        <input
          type="number"
          min={400}
          max={599}
          step={1}
          value={draft.rejectCode}
          onChange={(e) => set('rejectCode', e.target.value)}
        />
      </Knob>
      <Knob label="Reject text" wide {...props('rejectText')}>
        <input
          type="text"
          maxLength={200}
          spellCheck={false}
          value={draft.rejectText}
          onChange={(e) => set('rejectText', e.target.value)}
        />
      </Knob>
      <Knob
        label="Refuse as"
        hint="Every RCPT TO gets this provider's reply, word for word"
        wide
        {...props('refuseAs')}
      >
        <select
          value={draft.refuseAs}
          onChange={(e) => set('refuseAs', RefuseAs.parse(e.target.value))}
        >
          {RefuseAs.options.map((preset) => (
            <option key={preset} value={preset}>
              {refuseAsLabel(preset)}
            </option>
          ))}
        </select>
      </Knob>
      <Knob label="Disconnect at" {...props('disconnectAt')}>
        <select
          value={draft.disconnectAt}
          onChange={(e) => set('disconnectAt', DisconnectAt.parse(e.target.value))}
        >
          {DisconnectAt.options.map((at) => (
            <option key={at} value={at}>
              {DISCONNECT_LABELS[at]}
            </option>
          ))}
        </select>
      </Knob>
      <div className="sbx-knob sbx-check">
        <Checkbox checked={draft.offerStarttls} onChange={(on) => set('offerStarttls', on)}>
          Offer STARTTLS
        </Checkbox>
        {starttls.elsewhere !== null && (
          <div className="sbx-elsewhere" role="status">
            <span>
              Turned <strong>{starttls.elsewhere}</strong> in another window
            </span>
            <button type="button" className="sbx-link" onClick={starttls.onTakeElsewhere}>
              Use it
            </button>
          </div>
        )}
      </div>
    </>
  );
}
