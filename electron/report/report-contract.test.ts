import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainReport } from '../../shared/domain-report';
import { openWebClient, type WebClient } from '../app/test-support/web-client';

let dir: string;
let web: WebClient;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-report-contract-'));
  web = await openWebClient(dir);
});
afterEach(async () => {
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

const changes = (id: string) =>
  web.events.flatMap((e) =>
    e.name === 'report.changed' && e.payload.report.id === id ? [e.payload.report] : [],
  );

describe('domain reports through the contract', () => {
  it("streams a sandbox domain's report as its probes finish, and sends no mail", async () => {
    const { client } = web;
    const { id, report } = await client.api['report.start']({ domain: 'Failover.Sandbox.Test' });
    expect(report).toMatchObject({ domain: 'failover.sandbox.test', done: false, checks: [] });
    await expect.poll(async () => (await client.api['report.get']({ id }))?.done).toBe(true);
    const final = (await client.api['report.get']({ id })) as DomainReport;
    // Events come in batches: the last one may land just after report.get says done.
    await expect.poll(() => changes(id).at(-1)?.done).toBe(true);
    const seen = changes(id);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual(final);
    // The matrix filled in one probe at a time: some event shows a probe done and one pending.
    expect(
      seen.some(
        (r) =>
          r.probes.some((p) => p.state === 'pending') && r.probes.some((p) => p.state === 'done'),
      ),
    ).toBe(true);
    expect(final.probes.map((p) => [p.host, p.reachable])).toEqual([
      ['mx10.failover.sandbox.test', false],
      ['mx20.failover.sandbox.test', false],
      ['mx30.failover.sandbox.test', true],
    ]);
    const status = (id: string, host?: string) =>
      final.checks.find((c) => c.id === id && (!host || c.subject?.startsWith(host)))?.status;
    expect(status('mx.reachable')).toBe('warn');
    expect(status('server.connect', 'mx10.')).toBe('fail');
    expect(status('server.connect', 'mx20.')).toBe('fail');
    expect(
      final.checks.find((c) => c.id === 'server.connect' && c.subject?.startsWith('mx20.'))
        ?.summary,
    ).toMatch(/^It greets with a refusal: 421 4\.3\.2 /);
    expect(final.probes[1]?.bannerHost).toBeNull();
    expect(status('server.starttls', 'mx30.')).toBe('warn'); // this scenario offers no STARTTLS
    expect(status('policy.sandbox')).toBe('na');
    expect(final.checks.some((c) => c.id === 'server.rdns')).toBe(false);

    const ok = await client.api['report.start']({
      domain: 'ok.sandbox.test',
      senderDomain: 'reject.sandbox.test',
    });
    await expect.poll(async () => (await client.api['report.get']({ id: ok.id }))?.done).toBe(true);
    const okReport = (await client.api['report.get']({ id: ok.id })) as DomainReport;
    expect(okReport.probes[0]?.starttls).toMatchObject({ offered: true, ok: true });
    expect(okReport.probes[0]?.certificate).toMatchObject({
      chainVerifies: false,
      nameMatches: true,
    });
    expect(okReport.checks.find((c) => c.id === 'server.certificate')?.status).toBe('warn');
    expect(okReport.checks.find((c) => c.id === 'sender.sandbox')?.status).toBe('na');
    expect(okReport.checks.some((c) => c.id === 'sender.spf')).toBe(false);
    expect(await client.api['sandbox.inbox.list']({})).toEqual([]);
  });

  it('refuses a real domain in Sandbox mode, and bad input, before anything is dialled', async () => {
    const message = (p: Promise<unknown>) =>
      p.then(
        () => '',
        (e: Error) => e.message,
      );
    const api = web.client.api;
    expect(await message(api['report.start']({ domain: 'example.com' }))).toMatch(
      /^example\.com: example\.com is not a sandbox domain/,
    );
    expect(
      await message(
        api['report.start']({ domain: 'ok.sandbox.test', senderDomain: 'example.org' }),
      ),
    ).toMatch(/^example\.org: example\.org is not a sandbox domain/);
    expect(await message(api['report.start']({ domain: 'no spaces.test' }))).toBe(
      '"no spaces.test" is not a domain name, like example.com.',
    );
    expect(await message(api['report.start']({ domain: '' }))).toMatch(/Give a domain/);
    expect(web.events.some((e) => e.name === 'report.changed')).toBe(false);
  });

  it('takes the domain of an address, and cancels a running report', async () => {
    const api = web.client.api;
    await api['sandbox.setKnobs']({ domain: 'slow.sandbox.test', knobs: { replyDelayMs: 20_000 } });
    const { id, report } = await api['report.start']({ domain: 'someone@slow.sandbox.test' });
    expect(report.domain).toBe('slow.sandbox.test');
    await expect
      .poll(async () => (await api['report.get']({ id }))?.probes.length)
      .toBeGreaterThan(0);
    expect(await api['report.cancel']({ id })).toEqual({ ok: true });
    await expect
      .poll(async () => (await api['report.get']({ id }))?.done, { timeout: 2000 })
      .toBe(true);
    const final = await api['report.get']({ id });
    expect(final?.probes.every((p) => p.outcome === 'cancelled')).toBe(true);
    expect(await api['report.cancel']({ id })).toEqual({ ok: false });
  });
});
