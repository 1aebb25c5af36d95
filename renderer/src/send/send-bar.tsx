import type { RefObject } from 'react';

interface SendBarProps {
  /** One column showing a delivery: the way back to the outbox. */
  onBack: (() => void) | null;
  backRef: RefObject<HTMLButtonElement | null>;
  composeOpen: boolean;
  onToggleCompose(): void;
  toggleRef: RefObject<HTMLButtonElement | null>;
}

/** Narrow windows: Compose is a drawer, opened here; in one column, Back returns to the list. */
export function SendBar({
  onBack,
  backRef,
  composeOpen,
  onToggleCompose,
  toggleRef,
}: SendBarProps) {
  return (
    <div className="bar send-bar">
      {onBack && (
        <button type="button" className="button send-back" onClick={onBack} ref={backRef}>
          <span aria-hidden="true">←</span> Outbox
        </button>
      )}
      <button
        type="button"
        className={`button ${composeOpen ? '' : 'button-primary '}send-compose-toggle`}
        aria-expanded={composeOpen}
        aria-controls="send-compose"
        onClick={onToggleCompose}
        ref={toggleRef}
      >
        Compose
        {composeOpen && (
          <span className="send-compose-close" aria-hidden="true">
            ✕
          </span>
        )}
      </button>
    </div>
  );
}
