import { createPublicKey } from 'node:crypto';
import net from 'node:net';
import type { AuthenticateResult, DkimResult, DmarcResult } from 'mailauth';
import {
  type ArcVerdict,
  type Authentication,
  AuthResult,
  type DkimSignature,
  type DkimVerdict,
  type DmarcVerdict,
  type SpfVerdict,
} from '../../shared/message-report';
import type { Mode } from '../../shared/settings';
import { createDnsClient, type DnsClient, DnsError } from '../dns/resolver';
import { mailauthResolver } from '../report/mailauth-resolver';
import { fieldsNamed, readShape } from './raw-message';

export interface AuthContext {
  /** The connecting client's address, as the receiving MX saw it; null: not known. */
  ip: string | null;
  helo: string | null;
  mailFrom: string | null;
  /** Settings' (or --dns) servers; empty: the system's resolvers, in Internet mode only. */
  dnsServers: string[];
  mode: Mode;
  /** For tests and callers that hold one; otherwise made from dnsServers. */
  dns?: DnsClient;
}

/** Most lookups a report lists; a message with many signatures asks more, which is rare. */
const MAX_LOOKUPS_LISTED = 60;

const RESULTS = new Set<string>(AuthResult.exclude(['not-checked']).options);
const asResult = (value: string | undefined): AuthResult =>
  RESULTS.has(value as AuthResult) ? (value as AuthResult) : 'neutral';

/** Why DNS will not be asked, or null when it will be. */
export function dnsRefusal(
  context: Pick<AuthContext, 'dnsServers' | 'mode' | 'dns'>,
): string | null {
  if (context.dns || context.dnsServers.length || context.mode === 'internet') return null;
  return 'Sandbox mode asks no DNS server unless Settings names one (or --dns): not checked.';
}

/** DNS for the report: the configured servers, else the system's (Internet mode only). */
export function reportDns(
  context: Pick<AuthContext, 'dnsServers' | 'mode' | 'dns'>,
): DnsClient | null {
  if (dnsRefusal(context)) return null;
  return context.dns ?? createDnsClient({ servers: context.dnsServers, timeoutMs: 3000, tries: 2 });
}

/** The resolver mailauth gets, writing each question and its answer down. */
function recordingResolver(dns: DnsClient, log: string[]) {
  const resolve = mailauthResolver(dns);
  const note = (line: string) => {
    if (log.length < MAX_LOOKUPS_LISTED) log.push(line);
  };
  return async (name: string, type: string): Promise<unknown> => {
    try {
      const answer = await resolve(name, type);
      const shown = Array.isArray(answer)
        ? answer.map((a) =>
            Array.isArray(a) ? a.join('') : typeof a === 'object' ? JSON.stringify(a) : String(a),
          )
        : [String(answer)];
      note(`${type.toUpperCase()} ${name} → ${shown.length ? shown.join(' | ') : '(nothing)'}`);
      return answer;
    } catch (error) {
      note(
        `${type.toUpperCase()} ${name} → ${error instanceof DnsError ? error.code : (error as Error).message}`,
      );
      throw error;
    }
  };
}

/** Every verdict "not checked", with the reason (no DNS, a draft); signatures as written, if given. */
export const notChecked = (
  reason: string,
  context: Pick<AuthContext, 'ip' | 'helo' | 'mailFrom'>,
  headerFrom: string[],
  signatures: DkimSignature[] = [],
): Authentication => ({
  checked: false,
  reason,
  dnsServers: null,
  lookups: [],
  headerFrom,
  spf: {
    result: 'not-checked',
    domain: domainOf(context.mailFrom) ?? context.helo,
    ip: context.ip,
    helo: context.helo,
    mailFrom: context.mailFrom,
    record: null,
    reason,
    lookups: null,
  },
  dkim: { result: 'not-checked', reason, signatures },
  dmarc: {
    result: 'not-checked',
    domain: domainOf(headerFrom[0] ?? null),
    record: null,
    policy: null,
    appliedPolicy: null,
    pct: null,
    alignment: { spf: null, dkim: null, spfStrict: false, dkimStrict: false },
    reason,
  },
  arc: { result: 'not-checked', instances: 0, reason },
});

export const domainOf = (address: string | null): string | null => {
  const at = address?.lastIndexOf('@') ?? -1;
  return address && at >= 0 ? address.slice(at + 1).toLowerCase() || null : null;
};

/** d= is the From domain or a parent of it (relaxed alignment, without the public suffix list). */
export const relaxedAligned = (fromDomain: string | null, d: string): boolean => {
  const signer = d.toLowerCase();
  return Boolean(fromDomain && (fromDomain === signer || fromDomain.endsWith(`.${signer}`)));
};

/** The header From addresses, read without mailauth (for verdicts that are not checked). */
export function headerFromAddresses(raw: Buffer): string[] {
  return fieldsNamed(readShape(raw).fields, 'From').flatMap((f) =>
    [...f.value.matchAll(/<([^<>\s]+@[^<>\s]+)>|([^\s<>,;:"]+@[^\s<>,;:"]+)/g)].map((m) =>
      (m[1] ?? m[2] ?? '').toLowerCase(),
    ),
  );
}

/**
 * SPF, DKIM (each signature), DMARC and ARC as a receiving MX computes them: mailauth's
 * `authenticate()` with the connecting IP, HELO and MAIL FROM, asking DNS only through the
 * configured servers. Without DNS (Sandbox mode, no server configured) nothing is asked and
 * every verdict is "not checked", with the reason.
 */
export async function authenticateMessage(
  raw: Buffer,
  context: AuthContext,
): Promise<Authentication> {
  const headerFrom = headerFromAddresses(raw);
  const refusal = dnsRefusal(context);
  const dns = reportDns(context);
  if (refusal || !dns) return notChecked(refusal ?? 'No DNS to ask.', context, headerFrom);
  const ip = context.ip && net.isIP(context.ip) ? context.ip : null;
  const lookups: string[] = [];
  const resolver = recordingResolver(dns, lookups);
  // Loaded when needed: mailauth costs every CLI start ~170 ms (see report/sender-checks.ts).
  const { authenticate } = await import('mailauth');
  let result: AuthenticateResult;
  try {
    result = await authenticate(raw, {
      ip: ip ?? undefined,
      helo: context.helo ?? undefined,
      sender: context.mailFrom ?? undefined,
      mta: 'mxray',
      resolver,
      // Keys under 1024 bits are refused ("policy"); 1024 passes and the checklist warns.
      minBitLength: 1024,
      // BIMI would fetch logos over HTTPS; a report contacts nothing but DNS.
      disableBimi: true,
      // Without the client's address SPF cannot pass, so DMARC is computed here without it.
      disableDmarc: ip === null,
    });
  } catch (error) {
    return {
      ...notChecked(
        `mailauth could not read this message: ${(error as Error).message}`,
        context,
        headerFrom,
      ),
      dnsServers: dns.describeServers(),
      lookups,
    };
  }
  const dkim = dkimVerdict(result.dkim.results, raw);
  const spf = spfVerdict(result, context, ip);
  let dmarcResult = result.dmarc;
  if (ip === null && result.dkim.headerFrom.length) {
    const { dmarc } = await import('mailauth/lib/dmarc');
    dmarcResult = await dmarc({
      headerFrom: result.dkim.headerFrom,
      spfDomains: [],
      dkimDomains: result.dkim.results
        .filter((r) => r.status.result === 'pass')
        .map((r) => ({ id: r.id, domain: r.signingDomain, aligned: r.status.aligned })),
      resolver,
    }).catch(() => false as const);
  }
  return {
    checked: true,
    reason: null,
    dnsServers: dns.describeServers(),
    lookups,
    headerFrom: result.dkim.headerFrom.length ? result.dkim.headerFrom : headerFrom,
    spf,
    dkim,
    dmarc: dmarcVerdict(dmarcResult, result.dkim.headerFrom, spf, dkim),
    arc: arcVerdict(result.arc, raw),
  };
}

function spfVerdict(
  result: AuthenticateResult,
  context: AuthContext,
  ip: string | null,
): SpfVerdict {
  const base = {
    ip,
    helo: context.helo,
    mailFrom: context.mailFrom,
  };
  if (ip === null || !result.spf)
    return {
      ...base,
      result: 'not-checked',
      domain: domainOf(context.mailFrom) ?? context.helo,
      record: null,
      lookups: null,
      reason: context.ip
        ? `"${context.ip}" is not an IP address: SPF not checked.`
        : 'The connecting IP is not known, so SPF was not checked (give the IP and HELO the receiving MX saw).',
    };
  const spf = result.spf;
  const r = asResult(spf.status.result);
  const words: Partial<Record<AuthResult, string>> = {
    pass: `${ip} is allowed to send for ${spf.domain}`,
    fail: `${ip} is not allowed to send for ${spf.domain} (-all)`,
    softfail: `${ip} is not listed for ${spf.domain} (~all, soft fail)`,
    neutral: `${spf.domain}'s record says nothing about ${ip} (neutral)`,
    none: `${spf.domain} publishes no SPF record`,
    temperror: `SPF could not be evaluated now (temperror)`,
    permerror: `${spf.domain}'s SPF record is broken (permerror)`,
  };
  return {
    ...base,
    result: r,
    domain: spf.domain,
    record: spf.rr ?? null,
    lookups: spf.lookups?.count ?? null,
    reason: `${words[r] ?? r}${spf.status.comment ? `: ${spf.status.comment}` : ''}.`,
  };
}

/** The signature's key size from its record: RSA modulus bits, 256 for Ed25519. */
function keyOf(record: string | undefined): {
  keyType: DkimSignature['keyType'];
  keyBits: number | null;
} {
  const p = record ? /(?:^|;)\s*p=([^;]*)/i.exec(record)?.[1]?.replace(/\s+/g, '') : undefined;
  if (!p) return { keyType: null, keyBits: null };
  try {
    const der = Buffer.from(p, 'base64');
    if (der.length === 32) return { keyType: 'ed25519', keyBits: 256 };
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    if (key.asymmetricKeyType === 'ed25519') return { keyType: 'ed25519', keyBits: 256 };
    return { keyType: 'rsa', keyBits: key.asymmetricKeyDetails?.modulusLength ?? null };
  } catch {
    return { keyType: null, keyBits: null };
  }
}

/** mailauth's comment, worded for people. */
function dkimReason(r: DkimResult, keyBits: number | null): string | null {
  const at = `${r.selector}._domainkey.${r.signingDomain}`;
  const result = r.status.result;
  const comment = r.status.comment ?? '';
  if (result === 'pass') return null;
  if (result === 'policy' || r.status.policy?.['dkim-rules'] === 'weak-key')
    return `key too short (${keyBits ?? '?'} bits)`;
  if (comment === 'body hash did not verify')
    return 'body hash did not verify (the body changed after signing)';
  if (comment === 'no key') return `no key published at ${at}`;
  if (comment === 'bad signature')
    return 'signature did not verify (a signed header changed, or the key at the selector is not the signing key)';
  if (comment === 'invalid public key')
    return r.rr && /(?:^|;)\s*p=\s*(?:;|$)/i.test(r.rr)
      ? `the key at ${at} is revoked (empty p=)`
      : `no usable key at ${at} (p= is not a public key)`;
  if (comment === 'unknown key version') return `the record at ${at} is not v=DKIM1`;
  if (comment === 'unknown key type')
    return `the key at ${at} is neither RSA nor Ed25519, or k= says otherwise`;
  if (comment === 'expired') return 'signature expired (x= is past)';
  if (comment === 'invalid expiration') return 'x= (expiry) is before t= (signing time)';
  if (comment.startsWith('DNS failure'))
    return `${comment.replace('DNS failure', 'DNS failed')} looking up ${at}`;
  return comment || result;
}

/** The DKIM-Signature fields as written, for signatures mailauth skips (unknown a= or c=). */
export function signatureFields(
  raw: Buffer,
): { b: string; d: string; s: string; a: string; c: string; h: string }[] {
  return fieldsNamed(readShape(raw).fields, 'DKIM-Signature').map((f) => {
    const tag = (t: string) =>
      new RegExp(`(?:^|;)\\s*${t}\\s*=([^;]*)`, 'i').exec(f.value)?.[1]?.replace(/\s+/g, '') ?? '';
    return { b: tag('b'), d: tag('d'), s: tag('s'), a: tag('a'), c: tag('c'), h: tag('h') };
  });
}

function dkimVerdict(all: DkimResult[], raw: Buffer): DkimVerdict {
  const written = signatureFields(raw);
  // An unsigned message comes back as one pseudo result ("message not signed") without a domain.
  const results = all.filter((r) => r.signingDomain);
  const signatures: DkimSignature[] = results.map((r) => {
    const key = keyOf(r.rr);
    const keyBits = r.modulusLength ?? key.keyBits;
    const result = r.status.result === 'policy' ? 'fail' : asResult(r.status.result);
    return {
      domain: r.signingDomain,
      selector: r.selector,
      algorithm: r.algo ?? '',
      canonicalization: r.format ?? 'simple/simple',
      result,
      reason: dkimReason(r, keyBits),
      keyType: key.keyType ?? (r.algo?.startsWith('ed25519') ? 'ed25519' : r.rr ? 'rsa' : null),
      keyBits,
      aligned: Boolean(r.status.aligned),
      signedHeaders: (r.signingHeaders?.keys ?? '')
        .split(':')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      record: r.rr ?? null,
    };
  });
  // Signatures mailauth does not evaluate at all (an unknown algorithm, no d= or s=).
  for (const w of written) {
    if (results.some((r) => r.signature?.replace(/\s+/g, '') === w.b)) continue;
    signatures.push({
      domain: w.d,
      selector: w.s,
      algorithm: w.a,
      canonicalization: w.c || 'simple/simple',
      result: 'permerror',
      reason: `not evaluated: unsupported algorithm "${w.a}" or canonicalisation "${w.c}", or no d=/s=`,
      keyType: null,
      keyBits: null,
      aligned: false,
      signedHeaders: w.h.toLowerCase().split(':').filter(Boolean),
      record: null,
    });
  }
  const result: AuthResult = !signatures.length
    ? 'none'
    : signatures.some((s) => s.result === 'pass')
      ? 'pass'
      : (signatures[0]?.result ?? 'none');
  return {
    result,
    reason: signatures.length ? null : 'The message carries no DKIM-Signature.',
    signatures,
  };
}

const policyOf = (value: string | undefined): DmarcVerdict['policy'] => {
  const p = value?.toLowerCase();
  return p === 'none' || p === 'quarantine' || p === 'reject' ? p : null;
};

function dmarcVerdict(
  d: DmarcResult | false,
  headerFrom: string[],
  spf: SpfVerdict,
  dkim: DkimVerdict,
): DmarcVerdict {
  const domain = domainOf(headerFrom[0] ?? null);
  const empty = { spf: null, dkim: null, spfStrict: false, dkimStrict: false };
  if (!d) {
    const reason =
      headerFrom.length === 0
        ? 'The message has no From address: DMARC has nothing to judge.'
        : headerFrom.length > 1
          ? `The From header names ${headerFrom.length} addresses: DMARC cannot pick one (receivers such as Gmail reject this).`
          : 'DMARC could not be evaluated.';
    return {
      result: 'permerror',
      domain,
      record: null,
      policy: null,
      appliedPolicy: null,
      pct: null,
      alignment: empty,
      reason,
    };
  }
  const result = asResult(d.status.result);
  const alignment = {
    spf: d.alignment?.spf.result || null,
    dkim: d.alignment?.dkim.result || null,
    spfStrict: d.alignment?.spf.strict ?? false,
    dkimStrict: d.alignment?.dkim.strict ?? false,
  };
  const policy = policyOf(d.p);
  const applied = policyOf(d.policy);
  const spfNote = spf.result === 'not-checked' ? ' (SPF not checked)' : '';
  const reasons: Partial<Record<AuthResult, string>> = {
    pass: `aligned through ${[alignment.dkim && `DKIM (d=${alignment.dkim})`, alignment.spf && `SPF (${alignment.spf})`].filter(Boolean).join(' and ')}`,
    fail: `neither a passing DKIM signature nor a passing SPF domain is aligned with ${d.domain}${spfNote}${dkim.signatures.some((s) => s.result === 'pass' && !s.aligned) ? '; a DKIM signature passes for another domain' : ''}; a receiver applies p=${applied ?? '?'}`,
    none: `${domain ?? d.domain} publishes no DMARC record`,
    temperror: `the DMARC record could not be looked up${d.error ? ` (${d.error})` : ''}`,
  };
  return {
    result,
    domain: domain ?? d.domain,
    record: d.rr ?? null,
    policy,
    appliedPolicy: applied,
    pct: typeof d.pct === 'number' ? d.pct : null,
    alignment,
    reason: `DMARC ${result}: ${reasons[result] ?? d.status.comment ?? result}.`,
  };
}

function arcVerdict(arc: AuthenticateResult['arc'], raw: Buffer): ArcVerdict {
  const instances = fieldsNamed(readShape(raw).fields, 'ARC-Seal').length;
  if (!arc) return { result: 'not-checked', instances, reason: 'ARC was not evaluated.' };
  const result = asResult(arc.status.result);
  const reason =
    result === 'none'
      ? 'No ARC sets: the message was not forwarded through an ARC-sealing intermediary.'
      : result === 'pass'
        ? `The ARC chain of ${instances} set${instances === 1 ? '' : 's'} validates${arc.status.comment ? ` (${arc.status.comment})` : ''}.`
        : `The ARC chain does not validate${arc.status.comment ? `: ${arc.status.comment}` : ''}.`;
  return { result, instances, reason };
}
