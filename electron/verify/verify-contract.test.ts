import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWebClient, type WebClient } from '../app/test-support/web-client';

let dir: string;
let web: WebClient;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-verify-contract-'));
  web = await openWebClient(dir);
});
afterEach(async () => {
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

describe('verification through the contract', () => {
  it('streams verdicts as events, keeps each session transcript, never sends DATA', async () => {
    const { client } = web;
    const addresses = [
      'alice@reject.sandbox.test',
      'carol@reject.sandbox.test',
      'x@catchall.sandbox.test',
      'nope',
    ];
    const { id, total } = await client.api['verify.start']({ addresses });
    expect(total).toBe(4);
    await expect.poll(async () => (await client.api['verify.get']({ id }))?.done).toBe(true);
    const run = await client.api['verify.get']({ id });
    expect(run?.results.map((r) => [r.address, r.verdict])).toEqual([
      ['alice@reject.sandbox.test', 'deliverable'],
      ['carol@reject.sandbox.test', 'undeliverable'],
      ['x@catchall.sandbox.test', 'risky'],
      ['nope', 'undeliverable'],
    ]);
    // Events are batched per tick: the last batch may land after verify.get says done.
    await expect.poll(() => web.events.filter((e) => e.name === 'verify.result').length).toBe(4);
    const session = run?.results[0]?.session ?? 0;
    const transcript = await client.api['verify.transcript']({ id, session });
    expect(transcript.some((l) => l.text === 'RCPT TO:<alice@reject.sandbox.test>')).toBe(true);
    expect(transcript.some((l) => l.text === 'DATA')).toBe(false);
    expect(await client.api['sandbox.inbox.list']({})).toEqual([]);
  });

  it('answers a refused or overlong address on its row and verifies the others, rows in input order', async () => {
    const { client } = web;
    const long = `${'x'.repeat(400)}@reject.sandbox.test`;
    const addresses = [
      'carol@reject.sandbox.test',
      'someone@example.com',
      long,
      'alice@reject.sandbox.test',
    ];
    const { id, total } = await client.api['verify.start']({ addresses });
    expect(total).toBe(4);
    await expect.poll(async () => (await client.api['verify.get']({ id }))?.done).toBe(true);
    const run = await client.api['verify.get']({ id });
    expect(run?.addresses).toEqual(addresses);
    expect(run?.results.map((r) => [r.address, r.verdict, r.notProbed])).toEqual([
      ['carol@reject.sandbox.test', 'undeliverable', null],
      ['someone@example.com', 'unknown', 'refused'],
      [long, 'undeliverable', 'invalid'],
      ['alice@reject.sandbox.test', 'deliverable', null],
    ]);
    expect(run?.results[1]?.reason).toMatch(/^not verified: example\.com is not a sandbox domain/);
    expect(run?.results[2]?.reason).toBe(
      'not a valid address: the local part is longer than 64 octets',
    );
  });

  it('refuses a run with nothing left to probe: a real domain in Sandbox mode', async () => {
    const error = await web.client.api['verify.start']({ addresses: ['a@example.com'] }).catch(
      (e: Error) => e.message,
    );
    expect(error).toMatch(/^a@example\.com: example\.com is not a sandbox domain/);
  });

  it('asks a greylisted address again when the server said, and updates its verdict', async () => {
    const { client } = web;
    await client.api['sandbox.setKnobs']({
      domain: 'ok.sandbox.test',
      knobs: { greylistDelaySeconds: 1, offerStarttls: false },
    });
    const { id } = await client.api['verify.start']({ addresses: ['later@ok.sandbox.test'] });
    await expect
      .poll(() =>
        web.events
          .filter((e) => e.name === 'verify.result')
          .map((e) => e.name === 'verify.result' && e.payload.result.verdict),
      )
      .toEqual(['unknown']);
    const first = web.events.find((e) => e.name === 'verify.result');
    expect(first?.name === 'verify.result' && first.payload.result.nextAttemptAt).toBeTruthy();
    await expect
      .poll(async () => (await client.api['verify.get']({ id }))?.results[0]?.verdict, {
        timeout: 8000,
      })
      .not.toBe('unknown');
    expect((await client.api['verify.get']({ id }))?.sessions.length).toBe(2);
  });
});
