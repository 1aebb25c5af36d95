import { useState } from 'react';
import type { OutboxDelivery } from '../../../shared/outbox';
import type { TranscriptLine } from '../../../shared/smtp';
import { swaksCommand } from '../../../shared/swaks-command';
import { transcriptText } from '../../../shared/transcript-text';
import { useApi } from '../api/api-context';
import { base64Bytes, baseName, download } from '../ui/download';

interface ExportMenuProps {
  delivery: OutboxDelivery;
  lines: TranscriptLine[];
}

/** Transcript as swaks text or JSON, the message as .eml, and "Copy as swaks". */
export function ExportMenu({ delivery, lines }: ExportMenuProps) {
  const api = useApi();
  const [note, setNote] = useState<string | null>(null);
  const name = baseName(delivery.domain, delivery.id);
  const say = (text: string) => {
    setNote(text);
    setTimeout(() => setNote(null), 2500);
  };
  const actions: [string, () => Promise<void>][] = [
    [
      'Transcript (.txt)',
      async () =>
        download(
          `${name}.txt`,
          transcriptText(lines, { times: true, attempts: delivery.attempts }),
          'text/plain',
        ),
    ],
    [
      'Transcript (.json)',
      async () =>
        download(
          `${name}.json`,
          JSON.stringify({ delivery, transcript: lines }, null, 2),
          'application/json',
        ),
    ],
    [
      'Message (.eml)',
      async () => {
        const message = await api['outbox.message']({ id: delivery.id });
        if (!message) return say('No message to save: this was a probe, or it was never composed.');
        download(`${name}.eml`, base64Bytes(message.base64), 'message/rfc822');
      },
    ],
    [
      'Copy as swaks',
      async () => {
        const request = await api['outbox.request']({ id: delivery.id });
        if (!request) return say('This delivery is no longer in the outbox.');
        const last = delivery.attempts.at(-1);
        await navigator.clipboard.writeText(
          swaksCommand(request, last && { host: last.ip, port: last.port }),
        );
        say('swaks command copied');
      },
    ],
  ];
  return (
    <fieldset className="export-menu" aria-label="Export">
      {actions.map(([label, run]) => (
        <button
          key={label}
          type="button"
          className="button button-small"
          onClick={() => run().catch((e: Error) => say(e.message))}
        >
          {label}
        </button>
      ))}
      {/* Over the row, not in it: the buttons stay where they are while it shows. */}
      <span className="export-note" role="status">
        {note}
      </span>
    </fieldset>
  );
}
