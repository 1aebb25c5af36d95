import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../../shared/smtp';
import { startSend } from '../delivery/start-send';
import type { Delivery } from '../queue/delivery-state';
import type { Outbox } from '../queue/outbox';
import {
  deliverOnce,
  type SandboxLab,
  sandboxRequest,
  startSandboxLab,
} from './test-support/sandbox-lab';

let lab: SandboxLab;
let box: Outbox;
beforeAll(async () => {
  lab = await startSandboxLab();
  box = lab.outbox({ firstRetryMs: 60_000 });
});
afterAll(() => lab?.close());

const outcomes = (d: Delivery) =>
  d.attempts.map((a) => [a.host, a.preference, a.outcome, a.reply?.code ?? null]);
const said = (lines: TranscriptLine[], dir: 'in' | 'out') =>
  lines.filter((l) => l.dir === dir).map((l) => l.text);
const port = (domain: string, host: string) =>
  lab.sandbox.scenario(domain).hosts.find((h) => h.host === host)?.port;

describe('the sandbox scenarios, through the engine and the outbox', () => {
  it('ok: STARTTLS with a self-signed certificate, then accepted and kept byte for byte', async () => {
    const before = (await lab.inbox.list()).length;
    const running = await startSend(
      sandboxRequest(['you@ok.sandbox.test'], {}, { html: '<p>Hello <b>sandbox</b></p>' }),
      undefined,
      lab.routing,
    );
    const report = await running.done;
    expect(report.attempts.map((a) => [a.host, a.ip, a.port, a.outcome])).toEqual([
      [
        'mx.ok.sandbox.test',
        '127.0.0.1',
        port('ok.sandbox.test', 'mx.ok.sandbox.test'),
        'accepted',
      ],
    ]);
    expect(report.attempts[0]?.tls).toMatchObject({
      verified: false,
      verifyError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(report.transcript.some((l) => l.dir === 'out' && l.text === 'STARTTLS')).toBe(true);
    expect(report.transcript.some((l) => l.tls && l.text.startsWith('MAIL FROM:'))).toBe(true);
    const [summary] = await lab.inbox.list();
    expect((await lab.inbox.list()).length).toBe(before + 1);
    expect(summary).toMatchObject({
      scenario: 'ok.sandbox.test',
      host: 'mx.ok.sandbox.test',
      mailFrom: 'dev@mxray.test',
      rcptTo: ['you@ok.sandbox.test'],
      subject: 'Sandbox test',
      unacknowledged: false,
      // What the server saw of MXray: the report judges SPF and TLS from it.
      client: { ip: '127.0.0.1', helo: 'dev.mxray.test', tls: { protocol: 'TLSv1.3' } },
    });
    // The exact bytes MXray composed and sent are the exact bytes the inbox kept.
    expect(
      (await lab.inbox.raw(summary?.id ?? ''))?.equals(running.message ?? Buffer.alloc(0)),
    ).toBe(true);
    // The 250 names the inbox entry, so a transcript leads to the message.
    expect(report.recipients[0]?.reply?.text).toContain(summary?.id);
  });

  it('downgrade: STARTTLS breaks, the message goes again without TLS, and the attempt and report say so', async () => {
    const d = await deliverOnce(box, sandboxRequest(['you@downgrade.sandbox.test']));
    expect(d.recipients[0]).toMatchObject({ status: 'delivered' });
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]?.tls).toBeNull();
    expect(d.attempts[0]?.tlsDowngrade).toMatch(/^The TLS handshake failed: /);
    expect(d.warnings).toEqual([
      expect.stringMatching(
        /^TLS downgrade at mx\.downgrade\.sandbox\.test .*the message crossed the network unencrypted/,
      ),
    ]);
    // A required TLS policy refuses to go on in plaintext.
    const strict = await (
      await startSend(
        sandboxRequest(['you@downgrade.sandbox.test'], { tls: 'require' }),
        undefined,
        lab.routing,
      )
    ).done;
    expect(strict.recipients[0]?.status).toBe('deferred');
    expect(strict.warnings).toEqual([]);
    expect(strict.attempts.every((a) => a.tlsDowngrade === null)).toBe(true);
  });

  it('failover: MX 10 refuses, MX 20 greets with 421, MX 30 accepts', async () => {
    const d = await deliverOnce(box, sandboxRequest(['you@failover.sandbox.test']));
    expect(outcomes(d)).toEqual([
      ['mx10.failover.sandbox.test', 10, 'connect-refused', null],
      ['mx20.failover.sandbox.test', 20, 'greeting-rejected', 421],
      ['mx30.failover.sandbox.test', 30, 'accepted', 250],
    ]);
    expect(d.attempts[0]?.reason).toMatch(/refused.*trying MX 20/i);
    expect(d.attempts[1]?.reason).toMatch(/421 4\.3\.2.*trying MX 30/);
    expect(d.recipients[0]).toMatchObject({ status: 'delivered', tries: 1 });
    const [latest] = await lab.inbox.list();
    expect(latest).toMatchObject({
      scenario: 'failover.sandbox.test',
      host: 'mx30.failover.sandbox.test',
    });
  });

  it('greylist: deferred with 450 4.7.1 for 30 s by default, the countdown set from the hint', async () => {
    expect(lab.sandbox.scenario('greylist.sandbox.test').knobs.greylistDelaySeconds).toBe(30);
    const [d] = await box.enqueue(sandboxRequest(['first@greylist.sandbox.test']));
    if (!d) throw new Error('no delivery');
    await expect.poll(() => d.status, { timeout: 5000 }).toBe('deferred');
    expect(d.attempts[0]?.reply).toMatchObject({ code: 450, enhanced: '4.7.1' });
    expect(d.attempts[0]?.reply?.text).toMatch(/try again in 30 seconds/);
    const wait = (d.nextAttemptAt ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(28_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    box.cancel(d.id);
  });

  it('greylist: with a 1 s delay the retry is accepted, and only then is the message kept', async () => {
    lab.sandbox.setKnobs('greylist.sandbox.test', { greylistDelaySeconds: 1 });
    try {
      const d = await deliverOnce(box, sandboxRequest(['later@greylist.sandbox.test']));
      expect(outcomes(d)).toEqual([
        ['mx.greylist.sandbox.test', 10, 'deferred', 450],
        ['mx.greylist.sandbox.test', 10, 'accepted', 250],
      ]);
      expect(d.recipients[0]).toMatchObject({ status: 'delivered', tries: 2 });
      const kept = (await lab.inbox.list()).filter((m) =>
        m.rcptTo.includes('later@greylist.sandbox.test'),
      );
      expect(kept).toHaveLength(1);
    } finally {
      lab.sandbox.resetKnobs('greylist.sandbox.test');
    }
  });

  it('slow: every reply about a second late, visible in each phase timing', async () => {
    const d = await deliverOnce(
      box,
      sandboxRequest(['you@slow.sandbox.test'], { timeoutSeconds: 10 }),
    );
    expect(d.recipients[0]?.status).toBe('delivered');
    const timings = d.attempts[0]?.timings ?? [];
    for (const phase of ['banner', 'ehlo', 'starttls', 'mail', 'rcpt', 'data']) {
      const t = timings.find((x) => x.phase === phase);
      expect(t, phase).toBeDefined();
      expect(t?.durationMs ?? 0, phase).toBeGreaterThanOrEqual(900);
    }
  }, 20_000);

  it('reject: alice@ is delivered, carol@ bounces with 550 5.1.1 in the same session', async () => {
    const d = await deliverOnce(
      box,
      sandboxRequest(['alice@reject.sandbox.test', 'carol@reject.sandbox.test']),
    );
    expect(d.attempts).toHaveLength(1);
    expect(d.recipients.map((r) => [r.address, r.status, r.result?.rcptReply?.enhanced])).toEqual([
      ['alice@reject.sandbox.test', 'delivered', null],
      ['carol@reject.sandbox.test', 'bounced', '5.1.1'],
    ]);
    const [latest] = await lab.inbox.list();
    expect(latest?.rcptTo).toEqual(['alice@reject.sandbox.test']);
  });

  it('catchall: any local part is accepted', async () => {
    const d = await deliverOnce(box, sandboxRequest(['no-such-person-7f3a@catchall.sandbox.test']));
    expect(outcomes(d)).toEqual([['mx.catchall.sandbox.test', 10, 'accepted', 250]]);
  });

  it('full: 452 4.2.2 defers the recipient with a next attempt', async () => {
    const [d] = await box.enqueue(sandboxRequest(['you@full.sandbox.test']));
    if (!d) throw new Error('no delivery');
    await expect.poll(() => d.status, { timeout: 5000 }).toBe('deferred');
    expect(d.recipients[0]?.result?.rcptReply).toMatchObject({ code: 452, enhanced: '4.2.2' });
    expect(d.nextAttemptAt).not.toBeNull();
    box.cancel(d.id);
  });

  it('drop: the connection closes after the final dot; uncertain, kept as unacknowledged', async () => {
    const [d] = await box.enqueue(sandboxRequest(['you@drop.sandbox.test']));
    if (!d) throw new Error('no delivery');
    await expect.poll(() => d.status, { timeout: 5000 }).toBe('deferred');
    expect(d.attempts[0]?.outcome).toBe('uncertain');
    expect(d.recipients[0]?.result).toMatchObject({
      status: 'deferred',
      possiblyDelivered: true,
      reply: null,
      rcptReply: { code: 250 },
    });
    expect(d.recipients[0]?.result?.reason).toMatch(/after the final dot, before any reply/);
    const [latest] = await lab.inbox.list();
    expect(latest).toMatchObject({ scenario: 'drop.sandbox.test', unacknowledged: true });
    box.cancel(d.id);
  });

  it('blackhole: MX 10 never greets; MX 20 is started beside it after 2 s and carries the message', async () => {
    const since = Date.now();
    const d = await deliverOnce(box, sandboxRequest(['you@blackhole.sandbox.test']));
    expect(Date.now() - since).toBeLessThan(4000);
    expect(d.recipients[0]).toMatchObject({ status: 'delivered' });
    expect(d.attempts.map((a) => [a.host, a.outcome])).toEqual([
      ['mx10.blackhole.sandbox.test', 'abandoned'],
      ['mx20.blackhole.sandbox.test', 'accepted'],
    ]);
  });

  it('nullmx: bounces with 5.1.10 and dials nothing', async () => {
    const d = await deliverOnce(box, sandboxRequest(['you@nullmx.sandbox.test']));
    expect(d.attempts).toEqual([]);
    expect(d.recipients[0]).toMatchObject({ status: 'bounced' });
    expect(d.recipients[0]?.result?.reason).toMatch(/^5\.1\.10 .*null MX/);
  });

  it('an unknown sandbox domain bounces as a domain that does not exist', async () => {
    const d = await deliverOnce(box, sandboxRequest(['you@nowhere.sandbox.test']));
    expect(d.recipients[0]?.result?.reason).toMatch(
      /^5\.1\.2 nowhere\.sandbox\.test is not a sandbox domain/,
    );
  });

  it('the transcript shows the scenario greeting each attempt', async () => {
    const d = await deliverOnce(box, sandboxRequest(['you@catchall.sandbox.test']));
    const { lines: transcript } = await box.transcript(d.id);
    expect(said(transcript, 'in')[0]).toBe(
      '220 mx.catchall.sandbox.test ESMTP MXray sandbox (catchall.sandbox.test)',
    );
    expect(said(transcript, 'out')).toContain('RCPT TO:<you@catchall.sandbox.test>');
  });
});
