import https from 'node:https';
import type { DnsClient } from '../dns/resolver';
import { withRoots } from '../smtp/tls-upgrade';

export interface PolicyFetch {
  url: string;
  address: string | null;
  status: number | null;
  contentType: string | null;
  body: string | null;
  error: string | null;
}

export interface FetchOptions {
  /** Extra certificate authorities, added to the usual roots (tests, private CAs). */
  ca?: string | string[];
  /** 443 unless a test says otherwise. */
  port?: number;
  timeoutMs?: number;
}

/** RFC 8461 §3.3: senders may cap the policy's size; 64 KiB is what is commonly used. */
const MAX_BYTES = 64 * 1024;

async function addressOf(dns: DnsClient, host: string): Promise<string | null> {
  const v4 = await dns.a(host).catch(() => [] as string[]);
  if (v4[0]) return v4[0];
  const v6 = await dns.aaaa(host).catch(() => [] as string[]);
  return v6[0] ?? null;
}

/**
 * GET https://mta-sts.<domain>/.well-known/mta-sts.txt as RFC 8461 §3.3 wants it fetched: the
 * name resolved with our DNS, a certificate valid for that name, no redirects followed.
 */
export async function fetchPolicyFile(
  domain: string,
  dns: DnsClient,
  options: FetchOptions = {},
): Promise<PolicyFetch> {
  const host = `mta-sts.${domain}`;
  const port = options.port ?? 443;
  const url = `https://${host}${port === 443 ? '' : `:${port}`}/.well-known/mta-sts.txt`;
  const result: PolicyFetch = {
    url,
    address: null,
    status: null,
    contentType: null,
    body: null,
    error: null,
  };
  result.address = await addressOf(dns, host);
  if (!result.address) return { ...result, error: `${host} has no address record` };
  const address = result.address;
  return new Promise((resolve) => {
    const done = (patch: Partial<PolicyFetch>) => resolve({ ...result, ...patch });
    const request = https.request(
      {
        host: address,
        port,
        servername: host,
        path: '/.well-known/mta-sts.txt',
        headers: { host },
        method: 'GET',
        rejectUnauthorized: true,
        ca: withRoots(options.ca),
        timeout: options.timeoutMs ?? 15_000,
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? null;
        const contentType = response.headers['content-type'] ?? null;
        if (status !== 200) {
          response.resume();
          const redirect = status && status >= 300 && status < 400;
          return done({
            status,
            contentType,
            error: redirect
              ? `HTTP ${status} redirect to ${response.headers.location ?? '?'}; RFC 8461 §3.3 forbids following it`
              : `HTTP ${status}`,
          });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) {
            request.destroy();
            done({ status, contentType, error: `the policy is larger than ${MAX_BYTES} bytes` });
          } else chunks.push(chunk);
        });
        response.on('end', () =>
          done({ status, contentType, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', (error) => done({ status, contentType, error: error.message }));
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`no answer in ${options.timeoutMs ?? 15_000} ms`)),
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      done({ error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    request.end();
  });
}
