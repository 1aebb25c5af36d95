import { useEffect, useMemo, useState } from 'react';
import type { InboxMessage } from '../../../shared/sandbox';
import { useConnection } from '../api/api-context';
import { Checkbox } from '../ui/checkbox';
import { download } from '../ui/download';
import { bytes } from '../ui/format';
import { useObjectUrl } from './download';
import { decodeBase64, emlFileName, rawPreview } from './inbox-model';

const Missing = ({ children }: { children: string }) => <p className="sbx-missing">{children}</p>;

export function TextPanel({ text }: { text: string | null }) {
  if (text === null) return <Missing>This message has no plain-text part.</Missing>;
  return <pre className="sbx-pre sbx-text">{text}</pre>;
}

/**
 * The HTML is a document main serves with a policy of its own (inline styles allowed, remote
 * images not); sandbox="" with no tokens adds: no scripts, forms, navigation or same-origin.
 */
export function HtmlPanel({ id, html }: { id: string; html: string | null }) {
  const src = useDataPageUrl(`/sandbox-inbox/${id}.html`);
  if (html === null) return <Missing>This message has no HTML part.</Missing>;
  return (
    <>
      <div className="bar sbx-panel-bar">
        Sandboxed: scripts, forms and remote images do not load; styles and embedded images do.
      </div>
      <iframe className="sbx-html" title="HTML body" sandbox="" src={src ?? 'about:blank'} />
    </>
  );
}

/** The URL of a data page, with its key in web mode (worked out asynchronously). */
function useDataPageUrl(path: string): string | null {
  const connection = useConnection();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setUrl(null);
    void connection.dataPageUrl(path).then((u) => current && setUrl(u));
    return () => {
      current = false;
    };
  }, [connection, path]);
  return url;
}

/** Encoded words (RFC 2047) decoded for reading; the values as received one click away. */
export function HeadersPanel({ headers }: { headers: InboxMessage['headers'] }) {
  const [asReceived, setAsReceived] = useState(false);
  if (headers.length === 0) return <Missing>This message has no headers.</Missing>;
  const encoded = headers.some((h) => h.decoded !== undefined);
  return (
    <>
      {encoded && (
        <div className="sbx-panel-bar">
          <span>
            {asReceived
              ? 'Values as received, encoded words and all.'
              : 'Encoded words (=?UTF-8?…?=) are shown decoded.'}
          </span>
          <Checkbox checked={asReceived} onChange={setAsReceived}>
            Show as received
          </Checkbox>
        </div>
      )}
      <table className="sbx-headers">
        <tbody>
          {headers.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: headers repeat (Received) and keep order
            <tr key={i}>
              <th scope="row" className="sbx-header-name">
                {h.name}
              </th>
              <td
                className="sbx-header-value"
                title={!asReceived && h.decoded !== undefined ? h.value : undefined}
              >
                {asReceived ? h.value : (h.decoded ?? h.value)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function RawPanel({ message }: { message: InboxMessage }) {
  const raw = useMemo(() => decodeBase64(message.rawBase64), [message.rawBase64]);
  const preview = useMemo(() => rawPreview(raw), [raw]);
  return (
    <div className="sbx-raw">
      <div className="bar sbx-panel-bar">
        <span>
          {bytes(raw.length)} exactly as received
          {preview.cut && ' · showing the first 512 KB'}
        </span>
        <button
          type="button"
          className="button button-small"
          onClick={() => download(emlFileName(message), raw, 'message/rfc822')}
        >
          Download .eml
        </button>
      </div>
      <pre className="sbx-pre sbx-raw-source">{preview.text}</pre>
    </div>
  );
}

function AttachmentRow({ attachment }: { attachment: InboxMessage['attachments'][number] }) {
  const url = useObjectUrl(attachment.base64, attachment.contentType);
  const name = attachment.filename ?? 'unnamed attachment';
  return (
    <li className="sbx-attachment">
      <span className="sbx-attachment-name">{name}</span>
      <span className="sbx-attachment-type">{attachment.contentType}</span>
      <span className="sbx-attachment-size">{bytes(attachment.size)}</span>
      {url && (
        <a
          className="button button-small"
          href={url}
          download={attachment.filename ?? 'attachment'}
          aria-label={`Download ${name}`}
        >
          Download
        </a>
      )}
    </li>
  );
}

export function AttachmentsPanel({ attachments }: { attachments: InboxMessage['attachments'] }) {
  if (attachments.length === 0) return <Missing>This message has no attachments.</Missing>;
  return (
    <ul className="sbx-attachments">
      {attachments.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: two attachments may share a name
        <AttachmentRow key={i} attachment={a} />
      ))}
    </ul>
  );
}
