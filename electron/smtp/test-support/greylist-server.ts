import { Greylist } from '../greylist';
import { startSmtpServer, type TestSmtpServer } from './smtp-server';

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
  // The sandbox's own rule (postgrey's), so tests and the sandbox greylist alike.
  const greylist = new Greylist();
  const rcpts: { address: string; code: number }[] = [];
  const server = await startSmtpServer(
    {
      onRcptTo(address, session, callback) {
        const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const triplet = `${session.remoteAddress}|${sender}|${address.address}`;
        const wait = greylisted(address.address) ? greylist.check(triplet, delayMs) : 0;
        if (wait > 0) {
          rcpts.push({ address: address.address, code: 450 });
          const seconds = Math.ceil(wait / 1000);
          return callback(
            Object.assign(new Error(`4.7.1 Greylisted, try again in ${seconds} seconds`), {
              responseCode: 450,
            }),
          );
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
