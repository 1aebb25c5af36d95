import { useApi } from '../api/api-context';
import { useRequest } from '../api/use-request';
import { base64Bytes } from '../ui/download';
import { bytes } from '../ui/format';
import { Loaded } from '../ui/loaded';

const decoder = new TextDecoder();

/** The exact message sent, as text (an .eml export gives the same bytes). */
export function MessageSource({ id }: { id: string }) {
  const api = useApi();
  const message = useRequest(() => api['outbox.message']({ id }));
  return (
    <Loaded state={message} rows={8} failure="Could not load the message">
      {(value) =>
        value ? (
          <div className="message-source">
            <div className="section-note">
              {value.messageId} · {bytes(value.size)}
            </div>
            <pre className="mono">{decoder.decode(base64Bytes(value.base64))}</pre>
          </div>
        ) : (
          <p className="section-empty">
            No message: a probe stops before DATA, and a queued message is composed on its first
            attempt.
          </p>
        )
      }
    </Loaded>
  );
}
