import { useSyncExternalStore } from 'react';
import type { MessageReport } from '../../../shared/message-report';
import type { SendRequest } from '../../../shared/send';

/**
 * The last draft Compose asked to judge, and what came of it. It lives outside React so the
 * report pane (Send page, `#/send/check`) and Compose share it, and a reload forgets it: a
 * draft report is about the draft on screen, not a record.
 */
export type DraftReportState =
  | { status: 'none' }
  | { status: 'checking'; subject: string; previous: MessageReport | null }
  | { status: 'ready'; report: MessageReport }
  | { status: 'error'; subject: string; message: string };

/** The Send page's selection that shows the draft report instead of a delivery. */
export const DRAFT_REPORT = 'check';

let state: DraftReportState = { status: 'none' };
let asked = 0;
const listeners = new Set<() => void>();

function set(next: DraftReportState) {
  state = next;
  for (const listener of listeners) listener();
}

/** Judge a draft; a newer call wins over an older one still on its way. */
export async function judgeDraft(
  run: (request: SendRequest) => Promise<MessageReport>,
  request: SendRequest,
): Promise<void> {
  const ticket = ++asked;
  const previous = state.status === 'ready' ? state.report : null;
  const subject = request.message.subject;
  set({ status: 'checking', subject, previous });
  try {
    const report = await run(request);
    if (ticket === asked) set({ status: 'ready', report });
  } catch (error) {
    if (ticket === asked)
      set({
        status: 'error',
        subject,
        message: error instanceof Error ? error.message : String(error),
      });
  }
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
