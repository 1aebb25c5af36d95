import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from './domain-report';
import { certificateDays } from './domain-report-text';

describe('certificate days', () => {
  it('says a certificate has 1 day left, or expired 1 day ago', () => {
    const cert = (daysLeft: number) => ({ daysLeft }) as CertificateInfo;
    expect(certificateDays(cert(1))).toBe('1 day left');
    expect(certificateDays(cert(-1))).toBe('expired 1 day ago');
    expect(certificateDays(cert(30))).toBe('30 days left');
  });
});
