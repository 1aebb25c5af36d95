import net from 'node:net';
import {
  type Blocklist,
  type BlocklistReport,
  type BlocklistResult,
  DEFAULT_BLOCKLISTS,
  type ReturnCode,
} from '../../shared/dnsbl';
import type { Check } from '../../shared/domain-report';
import { describeFailure } from '../dns/failure-text';
import { type DnsClient, DnsError, reverseName } from '../dns/resolver';
import { checkMaker, listOf } from './check';

export interface BlocklistOptions {
  lists?: Blocklist[];
  /** Longest wait for one list's answer; past it the list is "unknown". */
  timeoutMs?: number;
  /** Lists asked at once. */
  concurrency?: number;
}

export const DEFAULT_BLOCKLIST_TIMEOUT_MS = 5000;
export const DEFAULT_BLOCKLIST_CONCURRENCY = 4;

/** The name a list is asked: reversed octets (or nibbles for IPv6) of an address, or the domain. */
export function blocklistQuery(target: string, zone: string): string {
  if (net.isIPv4(target) || net.isIPv6(target))
    return `${reverseName(target).replace(/\.(in-addr|ip6)\.arpa$/, '')}.${zone}`;
  return `${target.replace(/\.$/, '')}.${zone}`;
}

class Timeout extends Error {}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Each job run with at most `limit` at once; results in the jobs' order. */
async function bounded<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker));
  return results;
}

const byAddress = (a: string, b: string) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  const i = x.findIndex((n, k) => n !== y[k]);
  return i < 0 ? 0 : (x[i] ?? 0) - (y[i] ?? 0);
};

const inLoopback = (a: string) => net.isIPv4(a) && a.startsWith('127.');

function decode(list: Blocklist, code: string): ReturnCode {
  return (
    list.codes.find((c) => c.code === code) ?? {
      code,
      label: 'listed',
      meaning: `listed on ${list.name} (return code ${code}, which the list does not document).`,
    }
  );
}

async function askList(
  list: Blocklist,
  target: string,
  dns: DnsClient,
  timeoutMs: number,
): Promise<BlocklistResult> {
  const query = blocklistQuery(target, list.zone);
  const base = {
    zone: list.zone,
    name: list.name,
    kind: list.kind,
    delistUrl: list.delistUrl,
    target,
    query,
    server: dns.describeServers(),
    codes: [] as ReturnCode[],
    reason: null,
    failure: null,
  };
  let answers: string[];
  try {
    answers = await within(dns.a(query), timeoutMs);
  } catch (error) {
    if (error instanceof DnsError && (error.failure === 'nxdomain' || error.failure === 'nodata'))
      return { ...base, status: 'not-listed', summary: `${target} is not on ${list.name}.` };
    const why =
      error instanceof Timeout
        ? `the DNS server ${base.server} did not answer within ${timeoutMs} ms`
        : describeFailure(error, dns);
    return {
      ...base,
      status: 'unknown',
      failure: why,
      summary: `Unknown: ${list.name} could not be asked (${why}); this is not a clean result.`,
    };
  }
  const refusals = list.refusals.filter((r) => answers.includes(r.code));
  if (refusals.length)
    return {
      ...base,
      status: 'refused',
      codes: refusals,
      summary: `Refused, not listed: ${list.name} would not answer this resolver. ${refusals[0]?.meaning}`,
    };
  const strange = answers.filter((a) => !inLoopback(a));
  if (strange.length || !answers.length) {
    const failure = `the answer ${answers.join(', ') || '(empty)'} is no blocklist code; the resolver at ${base.server} may rewrite missing names`;
    return {
      ...base,
      status: 'unknown',
      failure,
      summary: `Unknown: ${failure}; this is not a clean result.`,
    };
  }
  const codes = [...new Set(answers)].sort(byAddress).map((code) => decode(list, code));
  const txt = await within(dns.txt(query), timeoutMs).catch(() => [] as string[][]);
  const reason = txt.map((parts) => parts.join('')).join(' ') || null;
  return {
    ...base,
    status: 'listed',
    codes,
    reason,
    summary: `${target} is listed on ${list.name}: ${codes.map((c) => `${c.code} ${c.label}, ${c.meaning}`).join(' ')}`,
  };
}

const TITLE = 'Blocklist';

/**
 * One domain-report check per list and target: listed fails, refused and unknown warn. IP lists
 * go with the sending IP ("connection"), domain lists with the sender domain.
 */
export function blocklistCheck(result: BlocklistResult): Check {
  const group = result.kind === 'ip' ? 'connection' : 'sender';
  const make = checkMaker(`${group}.blocklist.${result.zone}`, group, `${TITLE}: ${result.name}`);
  const evidence = [
    `${result.query}. A ${result.codes.map((c) => c.code).join(', ') || `(${result.status})`}`,
    ...(result.reason ? [`${result.query}. TXT "${result.reason}"`] : []),
    `asked ${result.server}`,
  ];
  const checked = {
    listed: make(
      'fail',
      result.summary,
      `Fix the cause, then ask for removal at ${result.delistUrl}.`,
      evidence,
    ),
    'not-listed': make('ok', result.summary, null, evidence),
    refused: make(
      'warn',
      result.summary,
      'Ask through a resolver of your own (not a public one) to get a real answer.',
      evidence,
    ),
    unknown: make(
      'warn',
      result.summary,
      'Check again later or with another --dns server.',
      evidence,
    ),
  }[result.status];
  return { ...checked, subject: result.target };
}

/**
 * Ask every list about the sending IP (IP lists) and the sender domain (domain lists), a few at
 * once, each within the timeout. An unanswered list is "unknown", never clean.
 */
export async function checkBlocklists(
  target: { ip?: string; domain?: string },
  dns: DnsClient,
  options: BlocklistOptions = {},
): Promise<BlocklistReport> {
  const lists = options.lists ?? DEFAULT_BLOCKLISTS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_BLOCKLIST_TIMEOUT_MS;
  const ip = target.ip ?? null;
  const domain = target.domain?.replace(/\.$/, '').toLowerCase() ?? null;
  const jobs: (() => Promise<BlocklistResult>)[] = [];
  for (const list of lists) {
    const subject = list.kind === 'ip' ? ip : domain;
    if (!subject || (list.kind === 'ip' && net.isIPv6(subject) && !list.ipv6)) continue;
    jobs.push(() => askList(list, subject, dns, timeoutMs));
  }
  const results = await bounded(jobs, options.concurrency ?? DEFAULT_BLOCKLIST_CONCURRENCY);
  return { ip, domain, results, checks: results.map(blocklistCheck) };
}

/** One sentence over all results: "listed on Spamhaus ZEN; 5 lists clean; SpamCop unknown". */
export function blocklistSummary(report: BlocklistReport): string {
  const names = (status: BlocklistResult['status']) =>
    report.results.filter((r) => r.status === status).map((r) => r.name);
  const listed = names('listed');
  const clean = names('not-listed');
  const refused = names('refused');
  const unknown = names('unknown');
  const parts = [
    listed.length ? `listed on ${listOf(listed)}` : 'listed nowhere that answered',
    `${clean.length} of ${report.results.length} ${report.results.length === 1 ? 'list' : 'lists'} clean`,
    ...(refused.length ? [`refused by ${listOf(refused)} (not a listing)`] : []),
    ...(unknown.length ? [`unknown on ${listOf(unknown)} (no answer: not clean)`] : []),
  ];
  return `${parts.join('; ')}.`;
}
