import { startSmtpServer, type TestSmtpServer } from './smtp-server';

export interface LimitedServer extends TestSmtpServer {
  /** Connections turned away with "421 too many connections". */
  refused(): number;
  /** The most sessions it held at once. */
  peak(): number;
}

/**
 * An smtp-server that holds at most `limit` sessions from us at once and greets any more with
 * "421 4.7.0 Too many connections", as Postfix's smtpd_client_connection_count_limit does.
 * Each session stays a moment at MAIL FROM, as on a real server, so the slots are seen taken.
 */
export async function startLimitedServer(limit: number, mailDelayMs = 40): Promise<LimitedServer> {
  const open = new Set<string>();
  let refused = 0;
  let peak = 0;
  const server = await startSmtpServer({
    onConnect(session, callback) {
      if (open.size >= limit) {
        refused++;
        const error = new Error('4.7.0 Too many connections, slow down');
        return callback(Object.assign(error, { responseCode: 421 }));
      }
      open.add(session.id);
      peak = Math.max(peak, open.size);
      callback();
    },
    onClose(session) {
      open.delete(session.id);
    },
    onMailFrom(_address, _session, callback) {
      setTimeout(callback, mailDelayMs);
    },
  });
  return { ...server, refused: () => refused, peak: () => peak };
}
