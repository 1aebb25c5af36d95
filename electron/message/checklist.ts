import type { Check } from '../../shared/domain-report';
import type { Authentication, DkimSignature, MessageEnvelope } from '../../shared/message-report';
import type { DnsClient } from '../dns/resolver';
import { checkMaker } from '../report/check';
import { reverseDns } from '../report/reverse-dns';
import { senderChecks, senderFacts } from '../report/sender-checks';
import { domainOf, relaxedAligned, signatureFields } from './authenticate';
import { fieldsNamed, fieldValue, type MessageShape } from './raw-message';

/**
 * The sender requirements Gmail and Yahoo enforce since 2024 (and RFC 8058's one-click
 * unsubscribe), judged for one message: authentication, bulk-mail rules, the connection.
 * Hygiene (RFC 5322) is in hygiene.ts; the SPF and DMARC record checks are the domain
 * report's own (report/sender-checks.ts).
 */

export function authChecks(auth: Authentication): Check[] {
  const make = (id: string, title: string, ...rest: Parameters<ReturnType<typeof checkMaker>>) =>
    checkMaker(`auth.${id}`, 'authentication', title)(...rest);
  const { spf, dkim, dmarc } = auth;
  const evidence = [
    `SPF ${spf.result}: ${spf.reason}`,
    ...dkim.signatures.map(
      (s) => `DKIM d=${s.domain} s=${s.selector}: ${s.result}${s.reason ? ` (${s.reason})` : ''}`,
    ),
  ];
  const out: Check[] = [];
  if (!auth.checked) {
    const why = auth.reason ?? 'not checked';
    out.push(make('spf-or-dkim', 'SPF or DKIM passes', 'na', why, null));
    out.push(make('dmarc', 'DMARC aligned', 'na', why, null));
    return out;
  }
  const dkimPass = dkim.signatures.some((s) => s.result === 'pass');
  if (spf.result === 'pass' || dkimPass)
    out.push(
      make(
        'spf-or-dkim',
        'SPF or DKIM passes',
        'ok',
        `${[
          spf.result === 'pass' && `SPF passes for ${spf.domain}`,
          dkimPass &&
            `DKIM passes for ${dkim.signatures
              .filter((s) => s.result === 'pass')
              .map((s) => s.domain)
              .join(', ')}`,
        ]
          .filter(Boolean)
          .join('; ')}.`,
        null,
        evidence,
      ),
    );
  else if (spf.result === 'not-checked')
    out.push(
      make(
        'spf-or-dkim',
        'SPF or DKIM passes',
        'warn',
        `No DKIM signature passes, and SPF was not checked: ${spf.reason}`,
        'Sign the message with DKIM, or give the connecting IP so SPF can be judged.',
        evidence,
      ),
    );
  else
    out.push(
      make(
        'spf-or-dkim',
        'SPF or DKIM passes',
        'fail',
        'Neither SPF nor DKIM passes: Gmail and Yahoo require at least one for all mail, and both for bulk senders.',
        dkim.signatures.length
          ? 'Fix the DKIM signature (see its reason) or list this server in SPF.'
          : 'Sign with DKIM (publish the key at selector._domainkey) and list your servers in SPF.',
        evidence,
      ),
    );
  const dmarcEvidence = [
    dmarc.reason,
    ...(dmarc.record ? [`_dmarc.${dmarc.domain}: ${dmarc.record}`] : []),
  ];
  switch (dmarc.result) {
    case 'pass':
      out.push(
        make(
          'dmarc',
          'DMARC aligned',
          'ok',
          `DMARC passes for ${dmarc.domain} (p=${dmarc.appliedPolicy ?? dmarc.policy ?? '?'}).`,
          null,
          dmarcEvidence,
        ),
      );
      break;
    case 'none':
      out.push(
        make(
          'dmarc',
          'DMARC aligned',
          'warn',
          `${dmarc.domain} publishes no DMARC record: bulk senders must have one (Gmail, Yahoo).`,
          'Publish "v=DMARC1; p=none; rua=mailto:…" at _dmarc, then align SPF or DKIM with the From domain.',
          dmarcEvidence,
        ),
      );
      break;
    case 'fail':
      out.push(
        make(
          'dmarc',
          'DMARC aligned',
          'fail',
          `DMARC fails for ${dmarc.domain}: ${dmarc.reason.replace(/^DMARC fail: /, '')}`,
          'Sign with d= the From domain (or a parent), or send with a MAIL FROM in the From domain that SPF passes.',
          dmarcEvidence,
        ),
      );
      break;
    case 'temperror':
      out.push(make('dmarc', 'DMARC aligned', 'warn', dmarc.reason, null, dmarcEvidence));
      break;
    default:
      out.push(
        make(
          'dmarc',
          'DMARC aligned',
          dmarc.result === 'not-checked' ? 'na' : 'fail',
          dmarc.reason,
          dmarc.result === 'permerror' ? 'Put exactly one address in From.' : null,
          dmarcEvidence,
        ),
      );
  }
  out.push(keyCheck(auth));
  return out;
}

/** DKIM key sizes: under 1024 bits refused, 1024 a warning (Gmail asks for 2048), Ed25519 fine. */
function keyCheck(auth: Authentication): Check {
  const keyed = auth.dkim.signatures.filter((s) => s.keyBits !== null);
  const evidence = keyed.map(
    (s) => `${s.selector}._domainkey.${s.domain}: ${s.keyType ?? '?'} ${s.keyBits} bits`,
  );
  const maker = checkMaker('auth.dkim-key', 'authentication', 'DKIM key length');
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    maker(status, summary, hint, evidence);
  if (!keyed.length)
    return make(
      'na',
      auth.dkim.signatures.length
        ? 'No signature has a key to measure.'
        : 'The message is not DKIM-signed.',
    );
  const rsa = keyed.filter((s) => s.keyType === 'rsa');
  const weakest = rsa.reduce<(typeof rsa)[number] | undefined>(
    (a, b) => (a && (a.keyBits ?? 0) <= (b.keyBits ?? 0) ? a : b),
    undefined,
  );
  if (!weakest) return make('ok', `Every key is Ed25519 (${keyed.length}).`);
  const name = `${weakest.selector}._domainkey.${weakest.domain}`;
  if ((weakest.keyBits ?? 0) < 1024)
    return make(
      'fail',
      `key too short (${weakest.keyBits} bits) at ${name}: receivers refuse RSA keys under 1024 bits.`,
      'Publish a 2048-bit RSA key (or Ed25519 beside it) and sign with it.',
    );
  if ((weakest.keyBits ?? 0) < 2048)
    return make(
      'warn',
      `key too short (${weakest.keyBits} bits) at ${name}: Gmail asks for 2048 bits.`,
      'Move to a 2048-bit RSA key.',
    );
  return make(
    'ok',
    `Every key is long enough (${keyed.map((s) => `${s.keyType} ${s.keyBits}`).join(', ')}).`,
  );
}

/** Before sending: is the draft signed, and by the From domain? Nothing is looked up. */
export function draftSignatureCheck(
  raw: Buffer,
  from: string | null,
  verified: DkimSignature[] = [],
): Check {
  const written = signatureFields(raw);
  const evidence = [
    ...written.map((w) => `DKIM-Signature d=${w.d} s=${w.s} a=${w.a} h=${w.h}`),
    ...verified
      .filter((v) => v.result !== 'not-checked')
      .map(
        (v) =>
          `${v.selector}._domainkey.${v.domain}: ${v.result}${v.reason ? ` (${v.reason})` : ''}`,
      ),
  ];
  const maker = checkMaker('auth.dkim-signed', 'authentication', 'DKIM signature');
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    maker(status, summary, hint, evidence);
  const domain = domainOf(from);
  if (!written.length)
    return make(
      'warn',
      'The draft is not DKIM-signed: it will rest on SPF alone, and bulk senders need both.',
      'Sign with a key for the From domain.',
    );
  const aligned = written.filter((w) => relaxedAligned(domain, w.d));
  if (!aligned.length)
    return make(
      'warn',
      `Signed by ${written.map((w) => w.d).join(', ')}, not by the From domain ${domain ?? '(none)'}: DMARC needs an aligned signature.`,
      'Sign with d= the From domain.',
    );
  const mine = verified.filter((v) => v.aligned);
  const passed = mine.find((v) => v.result === 'pass');
  if (passed)
    return make(
      'ok',
      `Signed by ${passed.domain} (s=${passed.selector}), and the signature verifies against the key published at ${passed.selector}._domainkey.${passed.domain}.`,
    );
  // DNS that could not answer says nothing about the signature: check again, not republish.
  const unsure = mine.find((v) => v.result === 'temperror');
  if (unsure)
    return make(
      'warn',
      `Signed by ${unsure.domain} (s=${unsure.selector}); its key could not be looked up: ${unsure.reason ?? 'a temporary DNS error'}.`,
      'Check again once DNS answers (Settings → DNS servers).',
    );
  const failed = mine.find((v) => v.result !== 'not-checked');
  if (failed) {
    const at = `${failed.selector}._domainkey.${failed.domain}`;
    const weak = failed.reason?.startsWith('key too short');
    return make(
      'fail',
      `Signed by ${failed.domain} (s=${failed.selector}), but the signature will not verify: ${failed.reason ?? failed.result}.`,
      failed.keyBits === null
        ? `Publish the key's TXT record at ${at} (Settings → DKIM keys shows it), then check again.`
        : weak
          ? 'Sign with an RSA key of 2048 bits or more, or Ed25519, and publish its record.'
          : `The key published at ${at} is not the one that signs: publish the signing key's record, or sign with the published key.`,
    );
  }
  return make(
    'ok',
    `Signed by ${aligned[0]?.d} (s=${aligned[0]?.s}); verified by the receiving server once sent.`,
  );
}

const BULK_MARKERS = ['List-Id', 'List-Unsubscribe', 'Feedback-ID'];

/** Does the message look like bulk mail (a list, a campaign)? */
function bulkMarkers(shape: MessageShape): string[] {
  const found = BULK_MARKERS.filter((name) => fieldsNamed(shape.fields, name).length);
  const precedence = fieldValue(shape.fields, 'Precedence');
  if (precedence && /^(bulk|list|junk)$/i.test(precedence)) found.push(`Precedence: ${precedence}`);
  return found;
}

/**
 * RFC 8058 one-click unsubscribe: List-Unsubscribe with an https URI, List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click, both covered by a DKIM signature (a passing one, once verified).
 * Required of bulk senders; for other mail it does not apply.
 */
export function unsubscribeCheck(
  raw: Buffer,
  shape: MessageShape,
  auth: Authentication | null,
): Check {
  const header = fieldValue(shape.fields, 'List-Unsubscribe');
  const post = fieldValue(shape.fields, 'List-Unsubscribe-Post');
  const markers = bulkMarkers(shape);
  const evidence = [
    ...(header !== null ? [`List-Unsubscribe: ${header}`] : []),
    ...(post !== null ? [`List-Unsubscribe-Post: ${post}`] : []),
  ];
  const maker = checkMaker('bulk.one-click', 'bulk', 'One-click unsubscribe');
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    maker(status, summary, hint, evidence);
  if (header === null)
    return markers.length
      ? make(
          'warn',
          `This looks like bulk mail (${markers.join(', ')}) but offers no one-click unsubscribe: Gmail and Yahoo require it of bulk senders (5,000+ a day).`,
          'Add List-Unsubscribe: <https://…> and List-Unsubscribe-Post: List-Unsubscribe=One-Click, and sign both with DKIM (RFC 8058).',
        )
      : make(
          'na',
          'Not bulk mail (no List-Id, List-Unsubscribe, Feedback-ID or Precedence: bulk): one-click unsubscribe is for bulk senders only.',
        );
  const uris = [...header.matchAll(/<([^>]*)>/g)].map((m) => (m[1] ?? '').trim());
  const problems: string[] = [];
  if (!uris.some((u) => /^https:\/\//i.test(u)))
    problems.push(
      uris.length
        ? 'List-Unsubscribe has no https URI (RFC 8058 needs one to POST to)'
        : 'List-Unsubscribe holds no <URI>',
    );
  if (post === null) problems.push('List-Unsubscribe-Post is missing');
  else if (post.replace(/\s+/g, '') !== 'List-Unsubscribe=One-Click')
    problems.push(
      `List-Unsubscribe-Post must be exactly "List-Unsubscribe=One-Click", not "${post}"`,
    );
  const covering = signatureFields(raw).filter((w) => {
    const h = w.h.toLowerCase().split(':');
    const verified =
      !auth?.checked ||
      auth.dkim.signatures.some(
        (s) => s.domain === w.d && s.selector === w.s && s.result === 'pass',
      );
    return h.includes('list-unsubscribe') && h.includes('list-unsubscribe-post') && verified;
  });
  if (!covering.length)
    problems.push(
      auth?.checked
        ? 'no passing DKIM signature covers both List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 §4)'
        : 'no DKIM signature covers both List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 §4)',
    );
  if (problems.length)
    return make(
      'warn',
      `One-click unsubscribe is incomplete: ${problems.join('; ')}.`,
      'Give an https URI that takes a POST, List-Unsubscribe-Post: List-Unsubscribe=One-Click, and include both fields in the DKIM h= list.',
    );
  return make(
    'ok',
    `One-click unsubscribe (RFC 8058): an https URI, the One-Click POST, both signed by DKIM (d=${covering[0]?.d}).`,
  );
}

/** Forward-confirmed reverse DNS of the sending IP, with the domain report's lookup. */
export async function ptrCheck(
  ip: string | null,
  dns: DnsClient | null,
  why: string | null,
): Promise<Check> {
  const make = checkMaker('connection.ptr', 'connection', 'Reverse DNS of the sending IP');
  if (!ip) return make('na', 'The sending IP is not known.');
  if (!dns) return make('na', why ?? 'No DNS to ask: not checked.');
  const r = await reverseDns(dns, ip);
  const evidence = [`PTR ${ip} → ${r?.names.join(', ') || r?.error || 'nothing'}`];
  if (!r?.names.length)
    return make(
      'fail',
      `${ip} has no PTR record (${r?.error ?? 'no answer'}): Gmail requires forward and reverse DNS for every sending IP.`,
      `Ask whoever runs ${ip} (your provider) to set a PTR to a name that resolves back to it.`,
      evidence,
    );
  if (!r.forwardConfirmed)
    return make(
      'fail',
      `${ip}'s PTR names ${r.names.join(', ')}, which does not resolve back to ${ip} (not forward-confirmed).`,
      `Give ${r.names[0]} an A/AAAA record for ${ip}, or change the PTR.`,
      evidence,
    );
  return make(
    'ok',
    `${ip} → ${r.names.join(', ')} → ${ip}: forward-confirmed reverse DNS.`,
    null,
    evidence,
  );
}

/** TLS on the wire, from the delivery record (the sandbox's session, an outbox attempt). */
export function tlsCheck(envelope: MessageEnvelope): Check {
  const make = checkMaker('connection.tls', 'connection', 'TLS on the wire');
  if (!envelope.tlsKnown)
    return make(
      'na',
      'How the message travelled is not known (a file or a draft): only a delivery record says.',
    );
  if (!envelope.tls)
    return make(
      'fail',
      'The message travelled in plaintext: Gmail and Yahoo require TLS for bulk senders and mark unencrypted mail.',
      'Let the sending server use STARTTLS (Settings → TLS: opportunistic or require).',
    );
  const t = envelope.tls;
  return make(
    'ok',
    `The message travelled over TLS (${[t.protocol, t.cipher].filter(Boolean).join(', ') || 'TLS'}).`,
    null,
    [[t.protocol, t.cipher].filter(Boolean).join(' ')],
  );
}

/**
 * The domain report's SPF and DMARC record checks (report/sender-checks.ts), for the MAIL FROM
 * domain's SPF record and the From domain's DMARC record: their health, whatever this
 * message's verdicts.
 */
export async function senderRecordChecks(
  mailFromDomain: string | null,
  fromDomain: string | null,
  dns: DnsClient,
): Promise<Check[]> {
  const out: Check[] = [];
  const domains = [...new Set([mailFromDomain, fromDomain].filter((d): d is string => Boolean(d)))];
  const facts = new Map(
    await Promise.all(domains.map(async (d) => [d, await senderFacts(d, dns)] as const)),
  );
  if (mailFromDomain) {
    const f = facts.get(mailFromDomain);
    const spf = f && senderChecks(mailFromDomain, f).find((c) => c.id === 'sender.spf');
    if (spf) out.push({ ...spf, subject: mailFromDomain });
  }
  if (fromDomain) {
    const f = facts.get(fromDomain);
    const dmarc = f && senderChecks(fromDomain, f).find((c) => c.id === 'sender.dmarc');
    if (dmarc) out.push({ ...dmarc, subject: fromDomain });
  }
  return out;
}
