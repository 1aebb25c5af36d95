import { useApi } from '../api/api-context';
import { useRequest } from '../api/use-request';
import { Alert } from '../ui/alert';
import { base64Bytes } from '../ui/download';
import { bytes } from '../ui/format';
import { Skeleton } from '../ui/skeleton';

const decoder = new TextDecoder();

/** The exact message sent, as text (an .eml export gives the same bytes). */
export function MessageSource({ id }: { id: string }) {
  const api = useApi();
  const message = useRequest(() => api['outbox.message']({ id }));
  if (message.status === 'loading') return <Skeleton rows={8} />;
  if (message.status === 'error')
    return (
      <Alert
        tone="fail"
        title="Could not load the message"
        action={{ label: 'Retry', run: message.retry }}
      >
        {message.message}
      </Alert>
    );
  if (!message.value)
    return (
      <p className="section-empty">
        No message: a probe stops before DATA, and a queued message is composed on its first
        attempt.
      </p>
    );
  const raw = base64Bytes(message.value.base64);
  return (
    <div className="message-source">
      <div className="section-note">
        {message.value.messageId} · {bytes(message.value.size)}
      </div>
      <pre className="mono">{decoder.decode(raw)}</pre>
    </div>
  );
}
