import type { ReactElement } from 'react';
import { Field } from '../ui/field';

interface KnobFieldProps {
  label: string;
  hint?: string;
  error?: string | undefined;
  /** The value another window set while this field was being edited; null when none. */
  elsewhere: string | null;
  onTakeElsewhere(): void;
  wide?: boolean;
  children: ReactElement<Record<string, unknown>>;
}

/** A Field plus the flag for a knob that changed elsewhere while the user was editing it. */
export function KnobField(props: KnobFieldProps) {
  const { label, hint, error, elsewhere, onTakeElsewhere, wide, children } = props;
  return (
    <div className={wide ? 'sbx-knob sbx-knob-wide' : 'sbx-knob'}>
      <Field label={label} hint={hint} error={error}>
        {children}
      </Field>
      {elsewhere !== null && (
        <div className="sbx-elsewhere" role="status">
          <span>
            Set to <strong>{elsewhere}</strong> in another window
          </span>
          <button type="button" className="sbx-link" onClick={onTakeElsewhere}>
            Use it
          </button>
        </div>
      )}
    </div>
  );
}
