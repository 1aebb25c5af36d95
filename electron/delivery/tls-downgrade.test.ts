import { afterEach, describe, expect, it } from 'vitest';
import { SendRequest } from '../../shared/send';
import {
  acceptOne,
  breakStartTls,
  closeHostileServers,
  greet,
  hostileServer,
} from '../smtp/test-support/hostile-server';
import { startSend } from './start-send';

afterEach(closeHostileServers);

describe('a TLS downgrade', () => {
  it('is a warning in the report, not only a transcript note, when opportunistic TLS falls back to plaintext', async () => {
    // The first connection offers STARTTLS and then breaks the handshake; the second (plain)
    // takes the message.
    const s = await hostileServer(async (c, index) => {
      if (index === 0) return breakStartTls(c);
      await greet(c);
      await acceptOne(c);
    });
    const request = SendRequest.parse({
      envelope: { mailFrom: 'sender@mxray.test', rcptTo: ['rcpt@example.test'] },
      message: { from: 'sender@mxray.test', to: ['rcpt@example.test'], subject: 't', text: 'x' },
      route: { kind: 'server', server: { host: '127.0.0.1', port: s.port } },
      session: { helo: 'client.mxray.test', tls: 'opportunistic', timeoutSeconds: 5 },
    });
    const report = await (await startSend(request)).done;
    expect(report.recipients[0]?.status).toBe('delivered');
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^TLS downgrade at 127\.0\.0\.1:\d+: the server offered STARTTLS but the handshake failed \(.*wrong version number.*\), so MXray reconnected without it, .*the message crossed the network unencrypted\. Use TLS policy "require" to refuse that\.$/,
      ),
    ]);
  });
});
