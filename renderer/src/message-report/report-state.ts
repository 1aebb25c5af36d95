import type { MessageReport } from '../../../shared/message-report';
import { MESSAGE_GROUP_ORDER, MESSAGE_GROUP_TITLE } from '../../../shared/message-report-text';
import type { Tone } from '../outbox/delivery-status';

/** The checklist's sections for CheckList, in the order every rendering shows them. */
export const MESSAGE_GROUPS = MESSAGE_GROUP_ORDER.map((group) => ({
  group,
  title: MESSAGE_GROUP_TITLE[group],
}));

/** The report at a glance: the worst it found, in the words a sender wants. */
export function messageState(report: MessageReport): { tone: Tone; label: string } {
  switch (report.summary.worst) {
    case 'fail':
      return { tone: 'fail', label: 'Would likely be refused or filed as spam' };
    case 'warn':
      return { tone: 'warn', label: 'Passes, with warnings' };
    case 'ok':
      return { tone: 'ok', label: 'Every check passes' };
    default:
      return { tone: 'muted', label: 'Nothing could be judged' };
  }
}

/** `mxray-message-<subject or id>`: something a user recognises in a downloads folder. */
export function reportFileName(report: MessageReport): string {
  const base = (report.message.subject || report.source.name || report.kind)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return `mxray-message-${base || report.kind}`;
}
