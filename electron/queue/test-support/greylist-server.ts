import { startSmtpServer, type TestSmtpServer } from '../../smtp/test-support/smtp-server';

export interface GreylistServer extends TestSmtpServer {
  /** Every RCPT TO the server saw, in order, with its answer. */
  rcpts: { address: string; code: number }[];
}

/**
 * smtp-server playing a greylisting MX: the first attempt of each (client, sender, recipient)
 * triplet gets 450 4.7.1 until `delayMs` has passed since it was first seen. Recipients not
 * matching `greylisted` are accepted at once.
 */
export async function startGreylistServer(
  delayMs: number,
  greylisted: (address: string) => boolean = () => true,
  host = '127.0.0.1',
  port = 0,
): Promise<GreylistServer> {
  const firstSeen = new Map<string, number>();
  const rcpts: { address: string; code: number }[] = [];
  const server = await startSmtpServer(
    {
      onRcptTo(address, session, callback) {
        const triplet = `${session.remoteAddress}|${session.envelope.mailFrom ? session.envelope.mailFrom.address : ''}|${address.address}`;
        if (greylisted(address.address)) {
          const seen = firstSeen.get(triplet);
          if (seen === undefined) firstSeen.set(triplet, Date.now());
          if (seen === undefined || Date.now() - seen < delayMs) {
            rcpts.push({ address: address.address, code: 450 });
            const seconds = Math.ceil(delayMs / 1000);
            return callback(
              Object.assign(new Error(`4.7.1 Greylisted, try again in ${seconds} seconds`), {
                responseCode: 450,
              }),
            );
          }
        }
        rcpts.push({ address: address.address, code: 250 });
        callback();
      },
    },
    host,
    port,
  );
  return Object.assign(server, { rcpts });
}
