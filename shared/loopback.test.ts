import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './loopback';

describe('isLoopbackHost', () => {
  it('takes localhost, ::1 and 127.0.0.0/8, with or without brackets', () => {
    for (const host of ['localhost', 'LOCALHOST', '::1', '[::1]', '127.0.0.1', '127.1.2.254'])
      expect(isLoopbackHost(host), host).toBe(true);
  });

  it('refuses other hosts, names that only start like 127 and bad addresses', () => {
    for (const host of ['smtp.example.com', '10.0.0.1', '127.example.com', '127.0.0.256', '::2'])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
