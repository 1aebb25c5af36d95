import { describe, expect, it } from 'vitest';
import { parseReportDomain } from './report-request';

describe('the domain a report is asked for', () => {
  it.each([
    ['Example.COM.', 'example.com'],
    ['  bob@Example.com ', 'example.com'],
    ['https://Mail.Example.com/path?q=1', 'mail.example.com'],
    ['bücher.de', 'xn--bcher-kva.de'],
  ])('%j is %s', (input, domain) => {
    expect(parseReportDomain(input, 'domain')).toEqual({ domain });
  });

  it.each([
    '',
    'localhost',
    'a..b.com',
    '-a.com',
    'a-.com',
    'not a domain!',
    `${'x'.repeat(250)}.com`,
  ])('refuses %j with a sentence', (input) => {
    expect(parseReportDomain(input, 'sender domain')).toEqual({
      error: `"${input.trim()}" is not a sender domain name, like example.com.`,
    });
  });
});
