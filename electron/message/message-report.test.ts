import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../shared/domain-report';
import { MessageReport } from '../../shared/message-report';
import type { SpamVerdict } from '../../shared/spam';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import {
  buildDraftReport,
  buildMessageReport,
  type MessageContext,
  NotAMessageError,
} from './message-report';
import {
  plainMessage,
  rsaKey,
  signed,
  type TestKey,
  WITH_ONE_CLICK,
} from './test-support/signed-mail';

let dns: TestDnsServer;
let key: TestKey;
let weak: TestKey;
let short: TestKey;

beforeAll(async () => {
  key = rsaKey(2048);
  weak = rsaKey(1024);
  short = rsaKey(512);
  dns = await startDnsServer({
    'good.test': [{ type: 'TXT', text: 'v=spf1 ip4:127.0.8.1 -all' }],
    '_dmarc.good.test': [{ type: 'TXT', text: 'v=DMARC1; p=reject; rua=mailto:d@good.test' }],
    'sel._domainkey.good.test': [{ type: 'TXT', text: key.record }],
    'weak._domainkey.good.test': [{ type: 'TXT', text: weak.record }],
    'short._domainkey.good.test': [{ type: 'TXT', text: short.record }],
    'nodmarc.test': [{ type: 'TXT', text: 'v=spf1 ip4:127.0.8.1 -all' }],
    // Another key's record at a selector: published, but not the signing key.
    'other._domainkey.good.test': [{ type: 'TXT', text: weak.record }],
    'slow._domainkey.good.test': 'TIMEOUT',
    'sel._domainkey.nodmarc.test': [{ type: 'TXT', text: key.record }],
    '1.8.0.127.in-addr.arpa': [{ type: 'PTR', target: 'mail.good.test' }],
    'mail.good.test': [{ type: 'A', address: '127.0.8.1' }],
    '3.8.0.127.in-addr.arpa': [{ type: 'PTR', target: 'liar.good.test' }],
    'liar.good.test': [{ type: 'A', address: '127.0.0.99' }],
  });
}, 60_000);
afterAll(async () => {
  await dns?.close();
});

const viaDns = (more: Partial<MessageContext> = {}): MessageContext => ({
  source: { kind: 'inbox', name: 'test' },
  mode: 'internet',
  dnsServers: [dns.address],
  ip: '127.0.8.1',
  helo: 'mail.good.test',
  mailFrom: 'bounce@good.test',
  ...more,
});
/** No DNS at all: Sandbox mode with no server configured. */
const offline = (more: Partial<MessageContext> = {}): MessageContext => ({
  source: { kind: 'inbox', name: 'test' },
  mode: 'sandbox',
  dnsServers: [],
  ...more,
});

const statuses = (report: MessageReport) =>
  Object.fromEntries(
    report.checks.map((c) => [c.subject ? `${c.id}@${c.subject}` : c.id, c.status]),
  );
const status = async (
  raw: Buffer,
  context: MessageContext,
  id: string,
): Promise<CheckStatus | undefined> => statuses(await buildMessageReport(raw, context))[id];
const raw = (text: string) => Buffer.from(text, 'latin1');
const HEAD =
  'From: a@good.test\r\nTo: b@example.org\r\nSubject: s\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMessage-ID: <x@good.test>\r\n';
const unsubscribe = [
  'List-Unsubscribe: <https://good.test/u?id=1>, <mailto:u@good.test>',
  'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
];

describe('the checklist through a loopback DNS: every item ok', () => {
  it('a signed, aligned message from a good sender over TLS passes every applicable item', async () => {
    const message = await signed(
      plainMessage({ headers: unsubscribe }),
      key,
      'good.test',
      'sel',
      undefined,
      WITH_ONE_CLICK,
    );
    const report = await buildMessageReport(
      message,
      viaDns({
        deliveryRecord: { tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } },
      }),
    );
    expect(() => MessageReport.parse(report)).not.toThrow();
    expect(statuses(report)).toEqual({
      'auth.spf-or-dkim': 'ok',
      'auth.dmarc': 'ok',
      'auth.dkim-key': 'ok',
      'sender.spf@good.test': 'ok',
      'sender.dmarc@good.test': 'ok',
      'bulk.one-click': 'ok',
      'connection.ptr': 'ok',
      'connection.tls': 'ok',
      'hygiene.from': 'ok',
      'hygiene.date': 'ok',
      'hygiene.message-id': 'ok',
      'hygiene.line-endings': 'ok',
      'hygiene.line-length': 'ok',
      'hygiene.8bit': 'ok',
      'content.html': 'na',
      'content.spam': 'na',
    });
    expect(report.summary).toMatchObject({ worst: 'ok', sentence: 'Every check passes.' });
    expect(report.authentication.dnsServers).toBe(dns.address);
    expect(report.links.items.map((l) => l.url)).toEqual(['https://good.test/page']);
  });
});

describe('the checklist: each item in its bad case', () => {
  it('auth.spf-or-dkim fails when neither passes; warns when SPF could not be checked', async () => {
    const unsigned = plainMessage();
    expect(await status(unsigned, viaDns({ ip: '127.0.8.2' }), 'auth.spf-or-dkim')).toBe('fail');
    expect(await status(unsigned, viaDns({ ip: null }), 'auth.spf-or-dkim')).toBe('warn');
    expect(await status(unsigned, offline(), 'auth.spf-or-dkim')).toBe('na');
  });

  it('auth.dmarc fails when nothing aligns and warns when no record is published', async () => {
    expect(await status(plainMessage(), viaDns({ ip: '127.0.8.2' }), 'auth.dmarc')).toBe('fail');
    const noDmarc = await signed(
      plainMessage({ from: 'news@nodmarc.test' }),
      key,
      'nodmarc.test',
      'sel',
    );
    const report = await buildMessageReport(noDmarc, viaDns({ mailFrom: 'bounce@nodmarc.test' }));
    expect(statuses(report)).toMatchObject({
      'auth.dmarc': 'warn',
      'sender.dmarc@nodmarc.test': 'warn',
    });
  });

  it('auth.dkim-key warns for 1024 bits and fails under it; n/a for an unsigned message', async () => {
    const k1024 = await buildMessageReport(
      await signed(plainMessage(), weak, 'good.test', 'weak'),
      viaDns(),
    );
    const check = k1024.checks.find((c) => c.id === 'auth.dkim-key');
    expect(check).toMatchObject({ status: 'warn' });
    expect(check?.summary).toMatch(/^key too short \(1024 bits\)/);
    expect(
      await status(
        await signed(plainMessage(), short, 'good.test', 'short'),
        viaDns(),
        'auth.dkim-key',
      ),
    ).toBe('fail');
    expect(await status(plainMessage(), viaDns(), 'auth.dkim-key')).toBe('na');
  });

  it("sender.spf (the domain report's check) fails a record that lets anyone send", async () => {
    const world = await startDnsServer({ 'open.test': [{ type: 'TXT', text: 'v=spf1 +all' }] });
    try {
      const report = await buildMessageReport(
        plainMessage({ from: 'a@open.test' }),
        viaDns({ dnsServers: [world.address], mailFrom: 'a@open.test' }),
      );
      expect(statuses(report)['sender.spf@open.test']).toBe('fail');
    } finally {
      await world.close();
    }
  });

  it('bulk.one-click: n/a for personal mail, a warning for a list without it, or without the POST, or unsigned', async () => {
    expect(await status(plainMessage(), offline(), 'bulk.one-click')).toBe('na');
    expect(
      await status(
        plainMessage({ headers: ['List-Id: <news.good.test>'] }),
        offline(),
        'bulk.one-click',
      ),
    ).toBe('warn');
    const noPost = await signed(
      plainMessage({ headers: [unsubscribe[0] as string] }),
      key,
      'good.test',
      'sel',
    );
    const report = await buildMessageReport(noPost, viaDns());
    expect(report.checks.find((c) => c.id === 'bulk.one-click')?.summary).toMatch(
      /List-Unsubscribe-Post is missing/,
    );
    // Signed with mailauth's default header list, which leaves List-Unsubscribe-Post out.
    const unsigned = await buildMessageReport(
      await signed(plainMessage({ headers: unsubscribe }), key, 'good.test', 'sel'),
      viaDns(),
    );
    expect(unsigned.checks.find((c) => c.id === 'bulk.one-click')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/no passing DKIM signature covers/),
    });
    const http = plainMessage({
      headers: ['List-Unsubscribe: <http://good.test/u>', unsubscribe[1] as string],
    });
    expect(
      (await buildMessageReport(http, offline())).checks.find((c) => c.id === 'bulk.one-click')
        ?.summary,
    ).toMatch(/no https URI/);
  });

  it('connection.ptr: fails without a PTR, or one that does not resolve back; n/a without the IP', async () => {
    const message = await signed(plainMessage(), key, 'good.test', 'sel');
    expect(await status(message, viaDns({ ip: '127.0.8.2' }), 'connection.ptr')).toBe('fail');
    const liar = await buildMessageReport(message, viaDns({ ip: '127.0.8.3' }));
    expect(liar.checks.find((c) => c.id === 'connection.ptr')?.summary).toMatch(
      /not forward-confirmed/,
    );
    expect(await status(message, viaDns({ ip: null }), 'connection.ptr')).toBe('na');
  });

  it('connection.tls fails when the delivery record says plaintext, n/a without a record', async () => {
    expect(
      await status(plainMessage(), offline({ deliveryRecord: { tls: null } }), 'connection.tls'),
    ).toBe('fail');
    expect(await status(plainMessage(), offline(), 'connection.tls')).toBe('na');
  });

  it('hygiene.from: none, two fields, two addresses', async () => {
    const noFrom = raw(`${HEAD.replace('From: a@good.test\r\n', '')}\r\nbody\r\n`);
    expect(await status(noFrom, offline(), 'hygiene.from')).toBe('fail');
    expect(
      await status(raw(`From: c@good.test\r\n${HEAD}\r\nbody\r\n`), offline(), 'hygiene.from'),
    ).toBe('fail');
    expect(
      await status(
        raw(`${HEAD.replace('From: a@good.test', 'From: a@good.test, c@good.test')}\r\nbody\r\n`),
        offline(),
        'hygiene.from',
      ),
    ).toBe('fail');
  });

  it('hygiene.date and hygiene.message-id: missing fails, a malformed Message-ID warns', async () => {
    expect(
      await status(
        raw(`${HEAD.replace(/Date: [^\r]*\r\n/, '')}\r\nbody\r\n`),
        offline(),
        'hygiene.date',
      ),
    ).toBe('fail');
    expect(
      await status(
        raw(`${HEAD.replace(/Message-ID: [^\r]*\r\n/, '')}\r\nbody\r\n`),
        offline(),
        'hygiene.message-id',
      ),
    ).toBe('fail');
    expect(
      await status(
        raw(`${HEAD.replace('<x@good.test>', 'x-good')}\r\nbody\r\n`),
        offline(),
        'hygiene.message-id',
      ),
    ).toBe('warn');
  });

  it('hygiene.line-endings: a bare LF or bare CR on the wire fails; a file saved with LF throughout is fine', async () => {
    expect(await status(raw(`${HEAD}\r\none\ntwo\r\n`), offline(), 'hygiene.line-endings')).toBe(
      'fail',
    );
    expect(await status(raw(`${HEAD}\r\none\rtwo\r\n`), offline(), 'hygiene.line-endings')).toBe(
      'fail',
    );
    const unix = raw(`${HEAD}\r\nbody\r\n`.replace(/\r\n/g, '\n'));
    expect(await status(unix, offline(), 'hygiene.line-endings')).toBe('fail');
    expect(
      await status(
        unix,
        offline({ source: { kind: 'file', name: 'a.eml' } }),
        'hygiene.line-endings',
      ),
    ).toBe('ok');
  });

  it('hygiene.line-length fails a line over 998 octets', async () => {
    expect(
      await status(raw(`${HEAD}\r\n${'x'.repeat(998)}\r\n`), offline(), 'hygiene.line-length'),
    ).toBe('ok');
    expect(
      await status(raw(`${HEAD}\r\n${'x'.repeat(999)}\r\n`), offline(), 'hygiene.line-length'),
    ).toBe('fail');
  });

  it('hygiene.8bit: 8-bit bytes without a declaration fail, declared 8bit is fine, raw 8-bit headers warn', async () => {
    const body = 'caf\xe9\r\n';
    expect(await status(raw(`${HEAD}\r\n${body}`), offline(), 'hygiene.8bit')).toBe('fail');
    const declared = `${HEAD}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=latin1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}`;
    expect(await status(raw(declared), offline(), 'hygiene.8bit')).toBe('ok');
    expect(
      await status(raw(declared.replace('MIME-Version: 1.0\r\n', '')), offline(), 'hygiene.8bit'),
    ).toBe('fail');
    const multipart = `${HEAD}MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nplain\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>${body}</p>\r\n--b1--\r\n`;
    const report = await buildMessageReport(raw(multipart), offline());
    expect(report.checks.find((c) => c.id === 'hygiene.8bit')?.summary).toMatch(
      /part 2 \(text\/html\)/,
    );
    expect(
      await status(
        raw(`${HEAD.replace('Subject: s', 'Subject: caf\xe9')}\r\nbody\r\n`),
        offline(),
        'hygiene.8bit',
      ),
    ).toBe('warn');
  });

  it('content.spam: not configured, spam, ham, and a spamd that failed', async () => {
    const spam = (verdict: SpamVerdict) => async () => verdict;
    const scored = (score: number) =>
      spam({
        status: 'scored',
        server: '127.0.0.1:783',
        score,
        threshold: 5,
        isSpam: score >= 5,
        rules: [
          { name: 'GTUBE', score: 1000, description: 'Generic Test for Unsolicited Bulk Email' },
        ],
      });
    expect(await status(plainMessage(), offline(), 'content.spam')).toBe('na');
    expect(await status(plainMessage(), offline({ spam: scored(1000) }), 'content.spam')).toBe(
      'fail',
    );
    expect(await status(plainMessage(), offline({ spam: scored(0.1) }), 'content.spam')).toBe('ok');
    expect(
      await status(
        plainMessage(),
        offline({ spam: spam({ status: 'error', server: '127.0.0.1:783', error: 'refused' }) }),
        'content.spam',
      ),
    ).toBe('warn');
  });

  it('content.html warns when a client family lacks a feature the HTML uses', async () => {
    const html = `${HEAD}MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><style>.a{display:flex}</style></head><body><div class="a">x</div></body></html>\r\n`;
    const report = await buildMessageReport(raw(html), offline());
    expect(statuses(report)['content.html']).toBe('warn');
    expect(report.html.issues.some((i) => i.feature === 'display:flex')).toBe(true);
  });
});

describe('the report around the checklist', () => {
  it('in Sandbox mode without DNS: every verdict not checked, links listed not fetched', async () => {
    const report = await buildMessageReport(
      await signed(plainMessage(), key, 'good.test', 'sel'),
      offline({ checkLinks: true, ip: '127.0.8.1' }),
    );
    expect(report.authentication).toMatchObject({ checked: false, dnsServers: null });
    expect(report.links).toMatchObject({
      checks: null,
      reason: expect.stringMatching(/^Sandbox mode contacts nothing/),
    });
    expect(statuses(report)['connection.ptr']).toBe('na');
  });

  it('refuses bytes that are not a message, saying why', async () => {
    await expect(buildMessageReport(Buffer.from('%PDF-1.7\n%\xe2\xe3'), offline())).rejects.toThrow(
      NotAMessageError,
    );
    await expect(buildMessageReport(Buffer.alloc(0), offline())).rejects.toThrow('it is empty');
    await expect(buildMessageReport(Buffer.from('Name: x\nAge: 3\n'), offline())).rejects.toThrow(
      /none of its header fields/,
    );
  });

  it('a draft: each signature verified against its published key; SPF waits for the sending IP', async () => {
    const draft = await buildDraftReport(
      await signed(plainMessage(), key, 'good.test', 'sel'),
      viaDns({ source: { kind: 'draft', name: null }, ip: null, helo: null }),
    );
    expect(draft.kind).toBe('draft');
    expect(statuses(draft)).toMatchObject({
      'auth.dkim-signed': 'ok',
      'bulk.one-click': 'na',
      'hygiene.from': 'ok',
      'content.spam': 'na',
    });
    expect(draft.authentication.dkim.signatures).toEqual([
      expect.objectContaining({
        domain: 'good.test',
        selector: 'sel',
        result: 'pass',
        aligned: true,
      }),
    ]);
    expect(draft.authentication.spf.result).toBe('not-checked');
    // An aligned signature alone passes DMARC: the draft can say so before it is sent.
    expect(draft.authentication.dmarc).toMatchObject({ result: 'pass', policy: 'reject' });
    expect(draft.links.checks).toBeNull();
    expect(draft.links.reason).toMatch(/not checked/);
  });

  it('a draft whose selector is not published: the signature check fails and says what to publish', async () => {
    const draft = await buildDraftReport(
      await signed(plainMessage(), key, 'good.test', 'unpublished'),
      viaDns({ source: { kind: 'draft', name: null }, ip: null, helo: null }),
    );
    const check = draft.checks.find((c) => c.id === 'auth.dkim-signed');
    expect(check?.status).toBe('fail');
    expect(check?.summary).toMatch(
      /will not verify: no key published at unpublished\._domainkey\.good\.test/,
    );
    expect(check?.hint).toMatch(
      /^Publish the key's TXT record at unpublished\._domainkey\.good\.test/,
    );
    // DMARC is not failed for it: SPF may still align once the message is sent.
    expect(draft.authentication.dmarc.result).toBe('not-checked');
  });

  it('a draft: each way its signature can go wrong, said with what to do', async () => {
    const draftCheck = async (message: Buffer) => {
      const draft = await buildDraftReport(
        message,
        viaDns({ source: { kind: 'draft', name: null }, ip: null, helo: null }),
      );
      return { draft, check: draft.checks.find((c) => c.id === 'auth.dkim-signed') };
    };
    const mismatch = await draftCheck(await signed(plainMessage(), key, 'good.test', 'other'));
    expect(mismatch.check).toMatchObject({
      status: 'fail',
      hint: expect.stringMatching(
        /^The key published at other\._domainkey\.good\.test is not the one that signs/,
      ),
    });
    const short512 = await draftCheck(await signed(plainMessage(), short, 'good.test', 'short'));
    expect(short512.check).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/key too short \(512 bits\)/),
      hint: expect.stringMatching(/^Sign with an RSA key of 2048 bits or more, or Ed25519/),
    });
    // DNS that does not answer is no verdict on the key: a warning to check again.
    const slow = await draftCheck(await signed(plainMessage(), key, 'good.test', 'slow'));
    expect(slow.check).toMatchObject({
      status: 'warn',
      hint: 'Check again once DNS answers (Settings → DNS servers).',
    });
    // No DMARC record: the draft says so, next to its passing signature.
    const unprotected = await draftCheck(
      await signed(plainMessage({ from: 'me@nodmarc.test' }), key, 'nodmarc.test', 'sel'),
    );
    expect(unprotected.draft.authentication.dkim.result).toBe('pass');
    expect(unprotected.draft.authentication.dmarc.result).toBe('none');
  }, 30_000);

  it('a draft without DNS: nothing looked up, the signature waits for the receiver', async () => {
    const before = dns.queries.length;
    const draft = await buildDraftReport(
      await signed(plainMessage(), key, 'good.test', 'sel'),
      offline({ source: { kind: 'draft', name: null } }),
    );
    expect(statuses(draft)['auth.dkim-signed']).toBe('ok');
    expect(draft.authentication.dkim.signatures).toEqual([
      expect.objectContaining({ result: 'not-checked', aligned: true }),
    ]);
    expect(dns.queries.length).toBe(before);
    expect(statuses(await buildDraftReport(plainMessage(), offline()))['auth.dkim-signed']).toBe(
      'warn',
    );
  });
});
