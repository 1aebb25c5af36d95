import type { MessageReport, MessageReportRequest } from '../../../shared/message-report';
import { useApi } from '../api/api-context';
import { type Loaded, useLoad } from '../sandbox/use-load';

/** message.report for a request, asked again whenever the request changes, or on retry. */
export function useMessageReport(request: MessageReportRequest): Loaded<MessageReport> {
  const api = useApi();
  return useLoad(() => api['message.report'](request), JSON.stringify(request));
}
