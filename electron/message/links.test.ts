import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsClient } from '../dns/resolver';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import { selfSignedCert } from '../smtp/self-signed-cert';
import { checkLinks, extractLinks, LinkCheckRefused } from './links';

let server: http.Server;
let secure: https.Server;
let dns: TestDnsServer;
let base: string;
let secureBase: string;
let cert: string;
let requests = 0;
let active = 0;
let mostAtOnce = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    active++;
    mostAtOnce = Math.max(mostAtOnce, active);
    res.on('close', () => active--);
    const path = req.url ?? '/';
    if (path === '/ok') res.end('fine');
    else if (path === '/moved') res.writeHead(301, { location: '/ok' }).end();
    else if (path.startsWith('/loop'))
      res.writeHead(302, { location: `/loop${Number(path.slice(5) || 0) + 1}` }).end();
    else if (path === '/slow') setTimeout(() => res.end('late'), 300);
    else if (path === '/hang') {
      // never answers
    } else res.writeHead(404).end('no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pems = await selfSignedCert(['links.test']);
  cert = pems.cert;
  secure = https.createServer({ key: pems.key, cert: pems.cert }, (_req, res) => {
    requests++;
    res.end('secure');
  });
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  secureBase = `https://links.test:${(secure.address() as AddressInfo).port}`;
  dns = await startDnsServer({ 'links.test': [{ type: 'A', address: '127.0.0.1' }] });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await new Promise((resolve) => secure?.close(resolve));
  await dns?.close();
});

describe('extractLinks', () => {
  it('lists every link and image URL from HTML and text, once each, in order', () => {
    const html = `<html><head><style>.hero { background: url('https://cdn.test/hero.png') }</style></head>
      <body><a href="https://shop.test/sale?id=1&amp;x=2">The <b>sale</b></a>
      <img src="https://cdn.test/logo.png" alt="Logo"><td background="https://cdn.test/bg.gif"></td>
      <div style="background-image:url(https://cdn.test/inline.png)"></div>
      <a href="#top">top</a><a href="mailto:help@shop.test">help</a><img src="cid:part1">
      <a href="https://shop.test/sale?id=1&amp;x=2">again</a></body></html>`;
    expect(extractLinks(html, 'Read https://shop.test/text-only. Or mail help@shop.test.')).toEqual(
      [
        { url: 'https://cdn.test/hero.png', kind: 'image', part: 'html', text: null },
        { url: 'https://shop.test/sale?id=1&x=2', kind: 'link', part: 'html', text: 'The sale' },
        { url: 'https://cdn.test/logo.png', kind: 'image', part: 'html', text: 'Logo' },
        { url: 'https://cdn.test/bg.gif', kind: 'image', part: 'html', text: null },
        { url: 'https://cdn.test/inline.png', kind: 'image', part: 'html', text: null },
        { url: 'mailto:help@shop.test', kind: 'link', part: 'html', text: 'help' },
        { url: 'https://shop.test/text-only', kind: 'link', part: 'text', text: null },
      ],
    );
  });
});

describe('checkLinks (local servers on 127.0.0.1 only)', () => {
  const internet = () => ({
    mode: 'internet' as const,
    timeoutMs: 1000,
    dns: createDnsClient({ servers: [dns.address] }),
  });

  it('status, redirect chain (manual, at most 5), 404, a closed port, a timeout', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const [ok, moved, loop, missing, refused, hang] = await checkLinks(
      [
        `${base}/ok`,
        `${base}/moved`,
        `${base}/loop`,
        `${base}/nothing`,
        `http://127.0.0.1:${closedPort}/`,
        `${base}/hang`,
      ],
      internet(),
    );
    expect(ok).toMatchObject({ status: 200, verdict: 'ok', redirects: [], error: null });
    expect(moved).toMatchObject({
      status: 200,
      verdict: 'ok',
      finalUrl: `${base}/ok`,
      redirects: [{ url: `${base}/moved`, status: 301 }],
    });
    expect(loop).toMatchObject({ verdict: 'warn', error: 'more than 5 redirects' });
    expect(loop?.redirects).toHaveLength(6);
    expect(missing).toMatchObject({ status: 404, verdict: 'warn', error: 'HTTP 404' });
    expect(refused).toMatchObject({ status: null, verdict: 'fail', tlsError: null });
    expect(refused?.error).toMatch(/ECONNREFUSED/);
    expect(hang).toMatchObject({ status: null, verdict: 'fail', error: 'no answer within 1 s' });
  });

  it('names a TLS failure, and passes once the certificate is trusted; names resolve through the configured DNS', async () => {
    const [untrusted] = await checkLinks([`${secureBase}/`], internet());
    expect(untrusted).toMatchObject({ verdict: 'fail', status: null });
    expect(untrusted?.tlsError).toMatch(/self[- ]signed|SELF_SIGNED/i);
    const [trusted] = await checkLinks([`${secureBase}/`], { ...internet(), ca: [cert] });
    expect(trusted).toMatchObject({ verdict: 'ok', status: 200, tlsError: null });
    expect(dns.queries).toContain('A links.test');
  });

  it('asks at most 4 at once', async () => {
    mostAtOnce = 0;
    // Ten distinct URLs (the fragment never reaches the server, which answers /slow each time).
    const urls = Array.from({ length: 10 }, (_, i) => `${base}/slow#${i}`);
    const results = await checkLinks(urls, internet());
    expect(results.every((r) => r.verdict === 'ok')).toBe(true);
    expect(mostAtOnce).toBeLessThanOrEqual(4);
    expect(mostAtOnce).toBeGreaterThan(1);
  });

  it('in Sandbox mode refuses before contacting anything', async () => {
    const before = requests;
    await expect(
      checkLinks([`${base}/ok`, `${secureBase}/`], { mode: 'sandbox' }),
    ).rejects.toBeInstanceOf(LinkCheckRefused);
    expect(requests).toBe(before);
  });
});
