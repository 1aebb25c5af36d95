import { useSyncExternalStore } from 'react';
import type { MessageReport } from '../../../shared/message-report';

/** The Send page's selection that shows the draft report instead of a delivery. */
export const DRAFT_REPORT = 'check';

/**
 * The last draft Compose asked to judge, and what came of it. It lives outside React so the
 * report pane (Send page, `#/send/check`) and Compose share it, and a reload forgets it: a
 * draft report is about the draft on screen, not a record. `ticket` counts the asks, so the
 * pane (and the Compose drawer, which closes on a new one) can tell one from the next.
 */
export type DraftReportState = { ticket: number } & (
  | { status: 'none' }
  | { status: 'checking'; subject: string; previous: MessageReport | null }
  | { status: 'ready'; report: MessageReport }
  | { status: 'error'; subject: string; message: string }
);

let state: DraftReportState = { ticket: 0, status: 'none' };
/** What the pane showed before the current ask: put back if that ask is called off. */
let before: DraftReportState = state;
const listeners = new Set<() => void>();

function set(next: DraftReportState) {
  state = next;
  for (const listener of listeners) listener();
}

const shownReport = (s: DraftReportState): MessageReport | null =>
  s.status === 'ready' ? s.report : s.status === 'checking' ? s.previous : null;

/** A new ask: the pane says it is checking (the last report stays, dimmed). Its ticket. */
export function beginDraftCheck(subject: string): number {
  before = state.status === 'checking' ? before : state;
  set({ ticket: state.ticket + 1, status: 'checking', subject, previous: shownReport(state) });
  return state.ticket;
}

/** The answer to an ask; an older ask answering late is dropped (the newest wins). */
export function endDraftCheck(
  ticket: number,
  outcome: { report: MessageReport } | { error: string },
): void {
  if (ticket !== state.ticket || state.status !== 'checking') return;
  const { subject } = state;
  set(
    'report' in outcome
      ? { ticket, status: 'ready', report: outcome.report }
      : { ticket, status: 'error', subject, message: outcome.error },
  );
}

/** An ask called off before it was sent (the DKIM key went away): the pane as it was. */
export function cancelDraftCheck(ticket: number): void {
  if (ticket === state.ticket) set({ ...before, ticket });
}

/** Compose's Reset: the report was about a draft that is gone. */
export function clearDraftReport(): void {
  set({ ticket: state.ticket + 1, status: 'none' });
}

export function useDraftReport(): DraftReportState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
