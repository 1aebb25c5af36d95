import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../smtp/message';
import { type DkimKeyPair, dkimTxtRecord, generateDkimKey } from './dkim-keys';
import { DkimError, dkimSign, parseDkimPrivateKey } from './dkim-sign';
import { type DkimWorld, startDkimWorld } from './test-support/dkim-world';

let world: DkimWorld;
let rsa: DkimKeyPair;
let ed25519: DkimKeyPair;

beforeAll(async () => {
  world = await startDkimWorld();
  [rsa, ed25519] = await Promise.all([generateDkimKey('rsa'), generateDkimKey('ed25519')]);
});
afterAll(() => world.close());

const message = (body = 'Hello,\r\nthis is signed.\r\n') =>
  composeMessage({
    from: 'Sender <news@example.com>',
    to: ['you@example.net'],
    subject: 'Signed',
    text: body,
    headers: [
      { name: 'List-Unsubscribe', value: '<https://example.com/u/1>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
    messageId: '<signed@example.com>',
    date: new Date('2026-01-02T03:04:05Z'),
  });

/** Sign with the RSA key, published at rsa1._domainkey.example.com. */
async function signRsa(body?: string, options?: Parameters<typeof dkimSign>[2]) {
  publish('example.com', 'rsa1', rsa);
  return dkimSign(
    await message(body),
    { domain: 'example.com', selector: 'rsa1', privateKeyPem: rsa.privateKeyPem },
    options,
  );
}

/** Publish the key's TXT record at selector._domainkey.domain, as a user would. */
function publish(domain: string, selector: string, key: DkimKeyPair) {
  const txt = dkimTxtRecord(domain, selector, key.algorithm, key.publicKey);
  world.publish(txt.name, txt.value);
  return txt;
}

describe('DKIM signing with mailauth, verified against a loopback DNS', () => {
  it('signs with RSA 2048: a verifier fetching the published record says pass', async () => {
    const signed = await signRsa();
    expect(signed).toMatchObject({ algorithm: 'rsa-sha256', warnings: [] });
    expect(signed.message.subarray(0, 16).toString()).toBe('DKIM-Signature: ');
    const { results } = await world.verify(signed.message);
    expect(results).toHaveLength(1);
    expect(results[0]?.status.result).toBe('pass');
    expect(results[0]).toMatchObject({ signingDomain: 'example.com', selector: 'rsa1' });
    expect(results[0]?.status.aligned).toBe('example.com');
    // relaxed/relaxed by default, t= set, the one-click unsubscribe headers signed.
    expect(signed.signature).toMatch(/c=relaxed\/relaxed/);
    expect(signed.signature).toMatch(/\bt=\d+/);
    const h = (results[0]?.signingHeaders?.keys ?? '').toLowerCase().split(/:\s*/);
    expect(h).toEqual(
      expect.arrayContaining(['from', 'to', 'subject', 'date', 'message-id', 'mime-version']),
    );
    expect(h).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post']));
  });

  it('signs with Ed25519 (RFC 8463): the raw 32-byte public key in p= verifies', async () => {
    const txt = publish('example.com', 'ed1', ed25519);
    expect(txt.value).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    const signed = await dkimSign(await message(), {
      domain: 'example.com',
      selector: 'ed1',
      privateKeyPem: ed25519.privateKeyPem,
    });
    expect(signed.algorithm).toBe('ed25519-sha256');
    const { results } = await world.verify(signed.message);
    expect(results[0]?.status.result).toBe('pass');
    expect(results[0]?.algo).toBe('ed25519-sha256');
  });

  it('a body changed after signing fails with "body hash"', async () => {
    const signed = await signRsa('Pay 10 EUR.\r\n');
    const tampered = Buffer.from(signed.message.toString().replace('Pay 10 EUR.', 'Pay 99 EUR.'));
    const { results } = await world.verify(tampered);
    expect(results[0]?.status.result).not.toBe('pass');
    expect(results[0]?.status.comment).toMatch(/body hash/);
  });

  it('oversigns From: h= lists it once more than present, so a From added later breaks the signature', async () => {
    const signed = await signRsa();
    const h = /\bh=([^;]+)/.exec(signed.signature.replace(/\r\n\s+/g, ''))?.[1] ?? '';
    expect(h.split(':').filter((f) => f.trim().toLowerCase() === 'from')).toHaveLength(2);
    expect((await world.verify(signed.message)).results[0]?.status.result).toBe('pass');
    // A second From slipped in above the signed one (what MUAs may show): no longer a pass.
    const forged = Buffer.from(
      signed.message
        .toString()
        .replace('\r\nFrom: ', '\r\nFrom: Bank <ceo@bank.example>\r\nFrom: '),
    );
    expect((await world.verify(forged)).results[0]?.status.result).not.toBe('pass');
  });

  it('simple/simple and a chosen header list sign too', async () => {
    const signed = await signRsa(undefined, {
      canonicalization: 'simple/simple',
      headers: ['From', 'Subject', 'X-Absent'],
    });
    expect(signed.signature).toMatch(/c=simple\/simple/);
    const { results } = await world.verify(signed.message);
    expect(results[0]?.status.result).toBe('pass');
    expect(results[0]?.signingHeaders?.keys.toLowerCase().split(/:\s*/)).toEqual([
      'subject',
      'from',
    ]);
  });

  it('signs what DATA will send: lone LF and CR in a body sent as given become CRLF first', async () => {
    publish('example.com', 'rsa1', rsa);
    const composed = await composeMessage({
      from: 'news@example.com',
      to: ['you@example.net'],
      subject: 'Raw',
      text: 'line one\nline two\rline three\r\n',
      rawText: true,
    });
    const signed = await dkimSign(composed, {
      domain: 'example.com',
      selector: 'rsa1',
      privateKeyPem: rsa.privateKeyPem,
    });
    expect(signed.message.toString()).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    expect((await world.verify(signed.message)).results[0]?.status.result).toBe('pass');
  });

  it('a 1024-bit RSA key signs, with a warning in the result', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    }) as string;
    const parsed = parseDkimPrivateKey(weak);
    const { publicKeyValue } = await import('./dkim-keys');
    world.publish(
      'weak._domainkey.example.com',
      dkimTxtRecord('example.com', 'weak', 'rsa', publicKeyValue(parsed.key)).value,
    );
    const signed = await dkimSign(await message(), {
      domain: 'example.com',
      selector: 'weak',
      privateKeyPem: weak,
    });
    expect(signed.warnings).toEqual([expect.stringMatching(/1024 bits.*use 2048 bits or more/)]);
    expect((await world.verify(signed.message)).results[0]?.status.result).toBe('pass');
  });
});

describe('what signing refuses, in sentences that never quote the key', () => {
  const sign = async (privateKeyPem: string, domain = 'example.com', selector = 's1') =>
    dkimSign(await message(), { domain, selector, privateKeyPem });
  const refused = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DkimError);
    return (error as DkimError).message;
  };
  const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

  it('a PEM that is not one, damaged, public, or encrypted', async () => {
    expect(await refused(sign('hello'))).toMatch(/not a PEM private key/);
    const damaged = rsa.privateKeyPem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    const said = await refused(sign(damaged));
    expect(said).toMatch(/cannot be read: its base64 or its structure is damaged/);
    for (const line of damaged.split('\n').filter((l) => l.length > 16))
      if (!line.startsWith('-----')) expect(said).not.toContain(line);
    const { publicKey } = generateKeyPairSync('ed25519');
    const pub = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(await refused(sign(pub))).toMatch(
      /public key or a certificate; DKIM signs with the private key/,
    );
    const encrypted = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'secret',
    }) as string;
    expect(await refused(sign(encrypted))).toMatch(/encrypted with a passphrase/);
    expect(said).not.toContain(body(rsa.privateKeyPem).slice(40, 80));
  });

  it('a key that is neither RSA nor Ed25519, or RSA too short', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    expect(await refused(sign(ec))).toBe(
      'A DKIM key is RSA or Ed25519 (RFC 8463); this is a EC key (prime256v1).',
    );
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    expect(await refused(sign(pss))).toMatch(/RSA-PSS key \(DKIM signs with plain RSA/);
    const tiny = generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    expect(await refused(sign(tiny))).toMatch(
      /has 512 bits; receivers ignore DKIM keys under 1024/,
    );
  });

  it('a domain or selector that is not a DNS name', async () => {
    const pem = ed25519.privateKeyPem;
    expect(await refused(sign(pem, 'exa mple.com'))).toMatch(
      /"exa mple.com" is not a signing domain/,
    );
    expect(await refused(sign(pem, 'localhost'))).toMatch(/single label/);
    expect(await refused(sign(pem, 'a..example.com'))).toMatch(/empty label/);
    expect(await refused(sign(pem, 'example.com', ''))).toMatch(/selector cannot be empty/);
    expect(await refused(sign(pem, 'example.com', 's_1'))).toMatch(
      /"s_1" is not a DKIM selector: its label "s_1" may hold only letters, digits and inner hyphens/,
    );
    expect(await refused(sign(pem, 'example.com', 'a..b'))).toMatch(/empty label/);
    expect(await refused(sign(pem, 'example.com', `${'a'.repeat(64)}`))).toMatch(/at most 63/);
    // A dotted selector is allowed (RFC 6376 §3.1), and an IDN domain is signed as its A-label.
    publish('xn--bcher-kva.example', 'mail.2026', ed25519);
    const signed = await sign(pem, 'Bücher.example', 'mail.2026');
    expect(signed.domain).toBe('xn--bcher-kva.example');
  });

  it('a header list without From', async () => {
    const error = await dkimSign(
      await message(),
      { domain: 'example.com', selector: 's1', privateKeyPem: ed25519.privateKeyPem },
      { headers: ['subject', 'to'] },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('The signed headers must include From (RFC 6376 §5.4).');
  });
});
