import type { MessageReport, MessageReportRequest } from '../../shared/message-report';
import type { Settings } from '../../shared/settings';
import { prepareSend } from '../delivery/prepare-send';
import type { DkimKeyStore } from '../message/dkim-key-store';
import {
  buildDraftReport,
  buildMessageReport,
  type MessageContext,
  NotAMessageError,
} from '../message/message-report';
import { spamFromSettings } from '../message/spam-adapter';
import type { Handlers } from '../rpc/server';
import { UserError } from '../rpc/user-error';
import type { InboxStore } from '../sandbox/inbox-store';
import { MessageError } from '../smtp/message';
import { dkimUserFacing } from './dkim-handlers';

interface ReportDeps {
  settings: () => Settings;
  inbox: InboxStore;
  dkimKeys: DkimKeyStore;
}

/** What every report shares: the mode, the DNS servers and the spam filter from Settings. */
function baseContext(settings: Settings, source: MessageContext['source']): MessageContext {
  return {
    source,
    mode: settings.mode,
    dnsServers: settings.dnsServers,
    spam: spamFromSettings(settings.spamd),
  };
}

async function fromInbox(
  deps: ReportDeps,
  request: Extract<MessageReportRequest, { source: 'inbox' }>,
): Promise<MessageReport> {
  const summary = await deps.inbox.summary(request.id);
  const raw = summary ? await deps.inbox.raw(request.id) : null;
  if (!summary || !raw)
    throw new UserError('bad-input', `The inbox has no message ${request.id} (deleted?)`);
  const { client } = summary;
  return buildMessageReport(raw, {
    ...baseContext(deps.settings(), { kind: 'inbox', name: summary.id }),
    ip: client?.ip ?? null,
    helo: client?.helo ?? null,
    mailFrom: summary.mailFrom,
    // The sandbox server's own session says whether it was TLS; an old message does not.
    deliveryRecord: client ? { tls: client.tls } : undefined,
    checkLinks: request.checkLinks,
  });
}

async function fromPasted(
  deps: ReportDeps,
  request: Extract<MessageReportRequest, { source: 'pasted' }>,
): Promise<MessageReport> {
  // A pasted message is text; an .eml saved with LF line ends is judged as the CRLF sent.
  return buildMessageReport(Buffer.from(request.raw, 'utf8'), {
    ...baseContext(deps.settings(), { kind: 'pasted', name: null }),
    ip: request.ip || null,
    helo: request.helo || null,
    mailFrom: request.mailFrom || null,
    checkLinks: request.checkLinks,
  });
}

async function fromDraft(
  deps: ReportDeps,
  request: Extract<MessageReportRequest, { source: 'draft' }>,
): Promise<MessageReport> {
  const send = request.request;
  if (send.session.quitAfter !== null && send.session.quitAfter !== 'data')
    throw new UserError(
      'bad-input',
      `A probe that stops after ${send.session.quitAfter.toUpperCase()} sends no message: there is nothing to judge`,
    );
  const prepared = await dkimUserFacing(() =>
    prepareSend(send, undefined, (id) => deps.dkimKeys.signingKey(id)),
  ).catch((error: unknown) => {
    if (error instanceof MessageError) throw new UserError('bad-input', error.message);
    throw error;
  });
  if (!prepared.message) throw new Error('a draft that reaches DATA was not composed');
  return buildDraftReport(prepared.message, {
    ...baseContext(deps.settings(), { kind: 'draft', name: null }),
    mailFrom: send.envelope.mailFrom,
  });
}

/** message.report: the report for an inbox message, a pasted .eml or a draft. */
export function messageReportHandlers(deps: ReportDeps): Pick<Handlers, 'message.report'> {
  return {
    'message.report': async (request) => {
      try {
        if (request.source === 'inbox') return await fromInbox(deps, request);
        if (request.source === 'pasted') return await fromPasted(deps, request);
        return await fromDraft(deps, request);
      } catch (error) {
        if (error instanceof NotAMessageError)
          throw new UserError('bad-input', `That is not a mail message: ${error.message}`);
        throw error;
      }
    },
  };
}
