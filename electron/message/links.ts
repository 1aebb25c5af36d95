import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import tls from 'node:tls';
import { Parser } from 'htmlparser2';
import type { LinkCheck, MessageLink } from '../../shared/message-report';
import type { Mode } from '../../shared/settings';
import type { DnsClient } from '../dns/resolver';

/** Every link and image URL of a message: <a href>, <img src>, CSS url(), URLs in text. */
export function extractLinks(html: string | null, text: string | null): MessageLink[] {
  const found: MessageLink[] = [];
  const seen = new Set<string>();
  const add = (
    raw: string,
    kind: MessageLink['kind'],
    part: MessageLink['part'],
    label: string | null = null,
  ) => {
    const url = raw.trim();
    if (!url || url.startsWith('#') || /^(cid|data|javascript):/i.test(url)) return;
    const key = `${kind} ${url}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ url, kind, part, text: label });
  };
  const cssUrls = (css: string) => {
    for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/gi))
      add(m[2] ?? '', 'image', 'html');
  };
  if (html) {
    let anchor: { href: string; text: string } | null = null;
    let inStyle = false;
    const parser = new Parser(
      {
        onopentag(name, attrs) {
          if (name === 'a' || name === 'area') {
            if (attrs.href) {
              if (name === 'a') anchor = { href: attrs.href, text: '' };
              else add(attrs.href, 'link', 'html', attrs.alt ?? null);
            }
          }
          if (name === 'img' && attrs.src) add(attrs.src, 'image', 'html', attrs.alt ?? null);
          if (name === 'img' && attrs.srcset)
            for (const candidate of attrs.srcset.split(','))
              add(candidate.trim().split(/\s+/)[0] ?? '', 'image', 'html');
          if (attrs.background) add(attrs.background, 'image', 'html');
          if (attrs.style) cssUrls(attrs.style);
          if (name === 'style') inStyle = true;
        },
        ontext(data) {
          if (anchor) anchor.text += data;
          if (inStyle) cssUrls(data);
        },
        onclosetag(name) {
          if (name === 'style') inStyle = false;
          if (name === 'a' && anchor) {
            const label = anchor.text.replace(/\s+/g, ' ').trim();
            add(anchor.href, 'link', 'html', label || null);
            anchor = null;
          }
        },
      },
      { decodeEntities: true },
    );
    parser.write(html);
    parser.end();
  }
  if (text)
    for (const m of text.matchAll(/\b(?:https?:\/\/|mailto:)[^\s<>"'()]+[^\s<>"'().,;:!?]/gi))
      add(m[0], 'link', 'text');
  return found;
}

export interface LinkCheckOptions {
  mode: Mode;
  /** At most this many requests at once. */
  concurrency?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  /** At most this many URLs are checked; the rest are listed only. */
  limit?: number;
  /** Names resolved through these servers (Settings' DNS), else the system's. */
  dns?: DnsClient | null;
  /** Extra trusted CAs (tests; a private CA). */
  ca?: string[];
}

export class LinkCheckRefused extends Error {}

export const SANDBOX_LINKS =
  'Sandbox mode contacts nothing off this machine: links are listed, not checked.';

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|HOSTNAME/i;

function lookupThrough(dns: DnsClient): LookupFunction {
  return (hostname, options, callback) => {
    const family = typeof options === 'object' ? options.family : options;
    const all = typeof options === 'object' && options.all;
    const v4 = family === 6 ? Promise.resolve([]) : dns.a(hostname).catch(() => [] as string[]);
    const v6 = family === 4 ? Promise.resolve([]) : dns.aaaa(hostname).catch(() => [] as string[]);
    Promise.all([v4, v6]).then(([a, aaaa]) => {
      const list = [
        ...a.map((address) => ({ address, family: 4 })),
        ...aaaa.map((address) => ({ address, family: 6 })),
      ];
      const first = list[0];
      if (!first) {
        callback(
          Object.assign(new Error(`${hostname}: no address (${dns.describeServers()})`), {
            code: 'ENOTFOUND',
          }),
          '',
          4,
        );
        return;
      }
      if (all) (callback as unknown as (e: null, l: typeof list) => void)(null, list);
      else callback(null, first.address, first.family);
    });
  };
}

interface Hop {
  status: number | null;
  location: string | null;
  error: string | null;
  tlsError: string | null;
}

function ask(url: URL, options: LinkCheckOptions, timeoutMs: number): Promise<Hop> {
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const lookup =
      options.dns && !net.isIP(url.hostname.replace(/^\[|\]$/g, ''))
        ? lookupThrough(options.dns)
        : undefined;
    const request = client.request(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': 'MXray link check', accept: '*/*' },
        timeout: timeoutMs,
        ...(lookup ? { lookup } : {}),
        ...(options.ca?.length && url.protocol === 'https:'
          ? { ca: [...options.ca, ...tls.rootCertificates] }
          : {}),
      },
      (response) => {
        resolve({
          status: response.statusCode ?? null,
          location: response.headers.location ?? null,
          error: null,
          tlsError: null,
        });
        // Headers are the answer; the body is not needed.
        response.destroy();
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)),
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      const tls = TLS_CODES.test(code)
        ? `${error.message}${code && !error.message.includes(code) ? ` (${code})` : ''}`
        : null;
      resolve({
        status: null,
        location: null,
        error:
          tls ?? `${error.message}${code && !error.message.includes(code) ? ` (${code})` : ''}`,
        tlsError: tls,
      });
    });
    request.end();
  });
}

/** One URL, its redirects followed by hand (at most maxRedirects), each hop recorded. */
export async function checkLink(url: string, options: LinkCheckOptions): Promise<LinkCheck> {
  if (options.mode !== 'internet') throw new LinkCheckRefused(SANDBOX_LINKS);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const started = performance.now();
  const redirects: LinkCheck['redirects'] = [];
  const done = (part: Omit<LinkCheck, 'url' | 'redirects' | 'ms'>): LinkCheck => ({
    url,
    redirects,
    ms: Math.round(performance.now() - started),
    ...part,
  });
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return done({
      status: null,
      verdict: 'fail',
      finalUrl: url,
      error: 'not a valid URL',
      tlsError: null,
    });
  }
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:')
      return done({
        status: null,
        verdict: 'na',
        finalUrl: current.href,
        error: `${current.protocol} links are not fetched`,
        tlsError: null,
      });
    const answer = await ask(current, options, timeoutMs);
    if (answer.status === null)
      return done({
        status: null,
        verdict: 'fail',
        finalUrl: current.href,
        error: answer.error,
        tlsError: answer.tlsError,
      });
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      redirects.push({ url: current.href, status: answer.status });
      if (hop >= maxRedirects)
        return done({
          status: answer.status,
          verdict: 'warn',
          finalUrl: current.href,
          error: `more than ${maxRedirects} redirects`,
          tlsError: null,
        });
      try {
        current = new URL(answer.location, current);
      } catch {
        return done({
          status: answer.status,
          verdict: 'fail',
          finalUrl: current.href,
          error: `redirect to an invalid URL: ${answer.location}`,
          tlsError: null,
        });
      }
      continue;
    }
    const ok = answer.status >= 200 && answer.status < 300;
    return done({
      status: answer.status,
      verdict: ok ? 'ok' : 'warn',
      finalUrl: current.href,
      error: ok ? null : `HTTP ${answer.status}`,
      tlsError: null,
    });
  }
}

/**
 * Check http(s) links, a few at once, each within its timeout; Internet mode only: in Sandbox
 * mode it refuses before anything is contacted.
 */
export async function checkLinks(urls: string[], options: LinkCheckOptions): Promise<LinkCheck[]> {
  if (options.mode !== 'internet') throw new LinkCheckRefused(SANDBOX_LINKS);
  const list = [...new Set(urls.filter((u) => /^https?:\/\//i.test(u)))].slice(
    0,
    options.limit ?? 100,
  );
  const results: LinkCheck[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      results[i] = await checkLink(list[i] as string, options);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 4, list.length) }, worker),
  );
  return results;
}
