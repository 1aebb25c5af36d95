import { describe, expect, it } from 'vitest';
import { isIpv4, isIpv6, normaliseIp, sameIp, sendingIpFromReply } from './sending-ip';

describe('the sending IP a server states', () => {
  it.each([
    ['Gmail EHLO', '250-mx.google.com at your service, [203.0.113.5]', '203.0.113.5'],
    ['Gmail over IPv6', '250-mx.google.com at your service, [2001:db8::5]', '2001:db8::5'],
    [
      'Microsoft 365 EHLO',
      '250-AM4PEPF00027A5F.mail.protection.outlook.com Hello [203.0.113.5]',
      '203.0.113.5',
    ],
    ['Exchange on-premises', '250-mail.example.com Hello [203.0.113.5]', '203.0.113.5'],
    ['Exim EHLO', '250-mx.example.org Hello client.example.net [203.0.113.5]', '203.0.113.5'],
    [
      'Exim with an ident answer',
      '250-mx.example.org Hello user at client.example.net [203.0.113.5]',
      '203.0.113.5',
    ],
    [
      'Sendmail EHLO',
      '250-mx.example.org Hello client.example.net [203.0.113.5], pleased to meet you',
      '203.0.113.5',
    ],
    [
      'Sendmail, HELO name not matching',
      '250-mx.example.org Hello other.example [203.0.113.5] (may be forged), pleased to meet you',
      '203.0.113.5',
    ],
    [
      'Sendmail over IPv6',
      '250-mx.example.org Hello client.example.net [IPv6:2001:DB8::5], pleased to meet you',
      '2001:db8::5',
    ],
    ['Exim over IPv6', '250-mx.example.org Hello client.example.net [2001:db8::5]', '2001:db8::5'],
    [
      'IPv4-mapped, from a dual-stack listener',
      '250-mx.example.org Hello client.example.net [::ffff:203.0.113.5]',
      '203.0.113.5',
    ],
    [
      'IPv4-mapped, spelled out',
      '250-mx.example.org Hello client [0:0:0:0:0:ffff:cb00:7105]',
      '203.0.113.5',
    ],
    ['Postfix banner with $client_addr', '220 mx.example.org ESMTP 203.0.113.5', '203.0.113.5'],
    ['Postfix banner, IPv6 client', '220 mx.example.org ESMTP 2001:db8::5', '2001:db8::5'],
    [
      "nodemailer's smtp-server",
      '250-mx.example.org Nice to meet you, [203.0.113.5]',
      '203.0.113.5',
    ],
    [
      'Haraka',
      '250-mx.example.org Hello client.example.net [203.0.113.5], Haraka is at your service.',
      '203.0.113.5',
    ],
    ['without the reply code', 'mx.example.org Hello client [203.0.113.5]', '203.0.113.5'],
  ])('%s', (_, line, ip) => {
    expect(sendingIpFromReply(line)).toBe(ip);
  });

  it('reads a whole EHLO reply: the first line states it, capabilities do not', () => {
    const reply = [
      '250-mx.google.com at your service, [203.0.113.5]',
      '250-SIZE 157286400',
      '250-8BITMIME',
      '250-STARTTLS',
      '250-ENHANCEDSTATUSCODES',
      '250-PIPELINING',
      '250-CHUNKING',
      '250 SMTPUTF8',
    ].join('\r\n');
    expect(sendingIpFromReply(reply)).toBe('203.0.113.5');
  });

  it.each([
    [
      'Yahoo EHLO',
      '250-mta6014.mail.gq1.yahoo.com\r\n250-PIPELINING\r\n250-SIZE 41943040\r\n250 STARTTLS',
    ],
    ['Yahoo greeting', '220 mta6014.mail.gq1.yahoo.com ESMTP ready'],
    ['Postfix EHLO', '250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 CHUNKING'],
    ['Postfix default banner, with its version', '220 mx.example.org ESMTP Postfix 3.7.2'],
    ['a version right after ESMTP', '220 mx.example.org ESMTP 3.7.2'],
    ['Sendmail banner', '220 mx.example.org ESMTP Sendmail 8.17.1/8.17.1; Fri, 4 Dec 2026'],
    ['Exim banner', '220 mx.example.org ESMTP Exim 4.96 Fri, 04 Dec 2026 16:00:00 +0000'],
    ['an address the server may be giving as its own', '220 host [10.0.0.1] ready'],
    ['a bare address not after ESMTP', '220 mx.example.org 203.0.113.5 ESMTP'],
    ['a bracketed address after ESMTP', '220 mx.example.org ESMTP [10.0.0.1]'],
    ['Hello with no address', '250-mx.example.org Hello client.example.net'],
    ['Hello, the address too far away', '250-mx Hello a b c d [203.0.113.5]'],
    ['Gmail HELO reply', '250 mx.google.com at your service'],
    ['smtp-server with a PTR name', '250-mx.example.org Nice to meet you, client.example.net'],
    ['not an address in the brackets', '250-mx.example.org Hello client [256.1.1.1]'],
    ['leading zeros', '250-mx.example.org Hello client [010.0.0.1]'],
    ['too many IPv6 groups', '250-mx Hello client [1:2:3:4:5:6:7:8:9]'],
    ['two compressions', '250-mx Hello client [2001::db8::5]'],
    ['an empty reply', ''],
  ])('%s: none', (_, text) => {
    expect(sendingIpFromReply(text)).toBeNull();
  });
});

describe('strict address checks', () => {
  it('IPv4', () => {
    for (const ok of ['0.0.0.0', '203.0.113.5', '255.255.255.255']) expect(isIpv4(ok)).toBe(true);
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.', 'a.b.c.d', ''])
      expect(isIpv4(bad)).toBe(false);
  });

  it('IPv6', () => {
    for (const ok of [
      '::',
      '::1',
      '1::',
      '2001:db8::5',
      '1:2:3:4:5:6:7:8',
      '::ffff:1.2.3.4',
      '1:2:3:4:5:6:1.2.3.4',
    ])
      expect(isIpv6(ok)).toBe(true);
    for (const bad of [
      ':::',
      ':1',
      '1:',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '12345::',
      'g::1',
      '::1.2.3',
      '1.2.3.4::',
      'fe80::1%eth0',
      '1:2:3:4:5:6:7::8',
    ])
      expect(isIpv6(bad), bad).toBe(false);
  });

  it('normalises: IPv6 lower-case, IPv4-mapped to IPv4', () => {
    expect(normaliseIp('2001:DB8::A')).toBe('2001:db8::a');
    expect(normaliseIp('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseIp('::ffff:c000:201')).toBe('192.0.2.1');
    expect(normaliseIp('::192.0.2.1')).toBe('::192.0.2.1');
    expect(normaliseIp('example.org')).toBeNull();
  });

  it('compares one address in two spellings', () => {
    expect(sameIp('2001:db8::5', '2001:DB8:0:0:0:0:0:5')).toBe(true);
    expect(sameIp('::ffff:192.0.2.1', '192.0.2.1')).toBe(true);
    expect(sameIp('192.0.2.1', '192.0.2.2')).toBe(false);
    expect(sameIp('::1', '0.0.0.1')).toBe(false);
    expect(sameIp('nonsense', 'nonsense')).toBe(false);
  });
});
