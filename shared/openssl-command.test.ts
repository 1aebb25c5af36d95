import { describe, expect, it } from 'vitest';
import { opensslCommand } from './openssl-command';

describe('openssl s_client for an MX address', () => {
  it('dials the probed address with the MX host as SNI and verified name', () => {
    expect(opensslCommand({ host: 'mx1.example.com', address: '192.0.2.10', port: 25 })).toBe(
      'openssl s_client -connect 192.0.2.10:25 -starttls smtp -servername mx1.example.com -verify_hostname mx1.example.com -crlf',
    );
  });

  it('brackets an IPv6 address', () => {
    expect(opensslCommand({ host: 'mx.example.com', address: '2001:db8::25', port: 25 })).toContain(
      "-connect '[2001:db8::25]:25' ",
    );
  });
});
