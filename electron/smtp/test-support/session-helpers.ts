import { ConnectionAttempt } from '../connection-attempt';
import type { SessionPlan } from '../phases';
import type { SessionOptions, SessionResult } from '../session-types';

export const MESSAGE = Buffer.from(
  'From: sender@mxray.test\r\nTo: rcpt@example.test\r\nSubject: hello\r\n\r\nHello there.\r\n',
);

export function plan(overrides: Partial<SessionPlan> = {}): SessionPlan {
  return {
    heloName: 'client.mxray.test',
    tls: 'opportunistic',
    tlsVerify: false,
    auth: null,
    transactions: [
      { mailFrom: 'sender@mxray.test', rcptTo: ['rcpt@example.test'], message: MESSAGE },
    ],
    quitAfter: null,
    pipelining: true,
    ...overrides,
  };
}

/** Run one attempt against a test server on loopback with short timeouts. */
export async function attempt(
  port: number,
  planOverrides: Partial<SessionPlan> = {},
  options: Partial<SessionOptions> = {},
): Promise<SessionResult> {
  return await new ConnectionAttempt({
    host: '127.0.0.1',
    port,
    plan: plan(planOverrides),
    timeouts: {
      connect: 2000,
      banner: 2000,
      command: 2000,
      mail: 2000,
      rcpt: 2000,
      dataInit: 2000,
      dataBlock: 2000,
      dataTermination: 2000,
      tlsHandshake: 2000,
    },
    ...options,
  }).run();
}

/** The transcript as swaks would print it, for readable assertions. */
export function wire(result: SessionResult): string[] {
  return result.transcript
    .filter((l) => l.dir !== 'note')
    .map((l) => `${l.dir === 'out' ? (l.tls ? '~>' : '->') : l.tls ? '<~' : '<-'} ${l.text}`);
}
