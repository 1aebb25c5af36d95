import { useRef } from 'react';
import type { MessageReport, MessageReportRequest } from '../../../shared/message-report';
import { useApi } from '../api/api-context';
import { type Loaded, useLoad } from '../sandbox/use-load';

/** Reports already made, newest last: going back to a tab or a message does not ask again. */
const made = new Map<string, MessageReport>();
const KEEP = 20;

/**
 * message.report for a request, asked again whenever the request or `context` (what the
 * report depends on besides the message: mode, DNS servers, spamd) changes; Retry always asks.
 */
export function useMessageReport(
  request: MessageReportRequest,
  context: unknown,
): Loaded<MessageReport> {
  const api = useApi();
  const key = JSON.stringify([request, context]);
  const fresh = useRef(false);
  const loaded = useLoad(async () => {
    const hit = fresh.current ? undefined : made.get(key);
    fresh.current = false;
    if (hit) return hit;
    const report = await api['message.report'](request);
    made.delete(key);
    made.set(key, report);
    for (const old of made.keys()) {
      if (made.size <= KEEP) break;
      made.delete(old);
    }
    return report;
  }, key);
  return {
    ...loaded,
    retry: () => {
      fresh.current = true;
      loaded.retry();
    },
  };
}
