import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import { authenticateMessage } from './authenticate';
import { ed25519Key, plainMessage, rsaKey, signed, type TestKey } from './test-support/signed-mail';

let dns: TestDnsServer;
let rsa: TestKey;
let weak: TestKey;
let short: TestKey;
let ed: TestKey;

beforeAll(async () => {
  rsa = rsaKey(2048);
  weak = rsaKey(1024);
  short = rsaKey(512);
  ed = ed25519Key();
  dns = await startDnsServer({
    'good.test': [{ type: 'TXT', text: 'v=spf1 ip4:127.0.0.1 -all' }],
    '_dmarc.good.test': [{ type: 'TXT', text: 'v=DMARC1; p=reject; rua=mailto:d@good.test' }],
    'sel._domainkey.good.test': [{ type: 'TXT', text: rsa.record }],
    'weak._domainkey.good.test': [{ type: 'TXT', text: weak.record }],
    'short._domainkey.good.test': [{ type: 'TXT', text: short.record }],
    'ed._domainkey.good.test': [{ type: 'TXT', text: ed.record }],
    'other.test': [{ type: 'TXT', text: 'v=spf1 ip4:127.0.0.1 -all' }],
    'sel._domainkey.other.test': [{ type: 'TXT', text: rsa.record }],
    'nodmarc.test': [{ type: 'TXT', text: 'v=spf1 -all' }],
  });
}, 60_000);
afterAll(async () => {
  await dns?.close();
});

const internet = (ip: string | null = '127.0.0.1', mailFrom = 'bounce@good.test') => ({
  ip,
  helo: 'mail.good.test',
  mailFrom,
  dnsServers: [dns.address],
  mode: 'internet' as const,
});

describe('authenticateMessage through a loopback DNS', () => {
  it('SPF pass, DKIM pass (RSA 2048) and DMARC pass, aligned, p=reject', async () => {
    const auth = await authenticateMessage(
      await signed(plainMessage(), rsa, 'good.test', 'sel'),
      internet(),
    );
    expect(auth.checked).toBe(true);
    expect(auth.dnsServers).toBe(dns.address);
    expect(auth.spf).toMatchObject({ result: 'pass', domain: 'good.test', ip: '127.0.0.1' });
    expect(auth.dkim.result).toBe('pass');
    expect(auth.dkim.signatures).toEqual([
      expect.objectContaining({
        domain: 'good.test',
        selector: 'sel',
        result: 'pass',
        reason: null,
        keyType: 'rsa',
        keyBits: 2048,
        aligned: true,
      }),
    ]);
    expect(auth.dkim.signatures[0]?.signedHeaders).toContain('from');
    expect(auth.dmarc).toMatchObject({
      result: 'pass',
      domain: 'good.test',
      policy: 'reject',
      appliedPolicy: 'reject',
      alignment: { spf: 'good.test', dkim: 'good.test' },
    });
    expect(auth.arc.result).toBe('none');
    expect(auth.lookups).toContain(
      `TXT _dmarc.good.test → v=DMARC1; p=reject; rua=mailto:d@good.test`,
    );
  });

  it('Ed25519 (RFC 8463) passes with its 256-bit key', async () => {
    const auth = await authenticateMessage(
      await signed(plainMessage(), ed, 'good.test', 'ed', 'ed25519-sha256'),
      internet(),
    );
    expect(auth.dkim.signatures[0]).toMatchObject({
      result: 'pass',
      keyType: 'ed25519',
      keyBits: 256,
    });
  });

  it('a body changed after signing fails with "body hash did not verify"', async () => {
    const message = await signed(plainMessage(), rsa, 'good.test', 'sel');
    const tampered = Buffer.from(message.toString().replace('Hello there.', 'Hello thief.'));
    const auth = await authenticateMessage(tampered, internet());
    expect(auth.dkim.result).not.toBe('pass');
    expect(auth.dkim.signatures[0]?.reason).toMatch(/^body hash did not verify/);
    // SPF still aligns, so DMARC passes on SPF alone.
    expect(auth.dmarc).toMatchObject({
      result: 'pass',
      alignment: { spf: 'good.test', dkim: null },
    });
  });

  it('names the selector when no key is published, and the bits when the key is too short', async () => {
    const missing = await authenticateMessage(
      await signed(plainMessage(), rsa, 'good.test', 'gone'),
      internet(),
    );
    expect(missing.dkim.signatures[0]?.reason).toBe(
      'no key published at gone._domainkey.good.test',
    );
    const tooShort = await authenticateMessage(
      await signed(plainMessage(), short, 'good.test', 'short'),
      internet(),
    );
    expect(tooShort.dkim.signatures[0]).toMatchObject({
      result: 'fail',
      reason: 'key too short (512 bits)',
      keyBits: 512,
    });
    const k1024 = await authenticateMessage(
      await signed(plainMessage(), weak, 'good.test', 'weak'),
      internet(),
    );
    expect(k1024.dkim.signatures[0]).toMatchObject({ result: 'pass', keyBits: 1024 });
  });

  it('SPF fail for an address the record does not list; DMARC fail when nothing aligns', async () => {
    const auth = await authenticateMessage(
      await signed(plainMessage(), rsa, 'other.test', 'sel'),
      internet('127.0.0.2', 'bounce@nodmarc.test'),
    );
    expect(auth.spf).toMatchObject({ result: 'fail', domain: 'nodmarc.test' });
    expect(auth.dkim.signatures[0]).toMatchObject({
      result: 'pass',
      aligned: false,
      domain: 'other.test',
    });
    expect(auth.dmarc.result).toBe('fail');
    expect(auth.dmarc.reason).toMatch(/a DKIM signature passes for another domain/);
  });

  it('SPF none and DMARC none for a domain that publishes neither', async () => {
    const auth = await authenticateMessage(
      plainMessage({ from: 'someone@bare.test' }),
      internet('127.0.0.1', 'someone@bare.test'),
    );
    expect(auth.spf.result).toBe('none');
    expect(auth.dkim).toMatchObject({ result: 'none', signatures: [] });
    expect(auth.dmarc.result).toBe('none');
  });

  it('without the connecting IP, SPF is not checked and DMARC rests on DKIM alone', async () => {
    const auth = await authenticateMessage(
      await signed(plainMessage(), rsa, 'good.test', 'sel'),
      internet(null),
    );
    expect(auth.spf.result).toBe('not-checked');
    expect(auth.spf.reason).toMatch(/connecting IP is not known/);
    expect(auth.dmarc).toMatchObject({
      result: 'pass',
      alignment: { spf: null, dkim: 'good.test' },
    });
  });

  it('in Sandbox mode without DNS servers asks nothing and says so', async () => {
    const before = dns.queries.length;
    const auth = await authenticateMessage(await signed(plainMessage(), rsa, 'good.test', 'sel'), {
      ...internet(),
      dnsServers: [],
      mode: 'sandbox',
    });
    expect(auth.checked).toBe(false);
    expect(auth.reason).toMatch(/Sandbox mode asks no DNS server/);
    for (const verdict of [auth.spf, auth.dkim, auth.dmarc, auth.arc])
      expect(verdict.result).toBe('not-checked');
    expect(auth.dnsServers).toBeNull();
    expect(dns.queries.length).toBe(before);
    expect(auth.headerFrom).toEqual(['news@good.test']);
  });

  it('in Sandbox mode with a DNS server configured, asks that server', async () => {
    const auth = await authenticateMessage(await signed(plainMessage(), rsa, 'good.test', 'sel'), {
      ...internet(),
      mode: 'sandbox',
    });
    expect(auth.dkim.result).toBe('pass');
    expect(auth.dnsServers).toBe(dns.address);
  });
});
