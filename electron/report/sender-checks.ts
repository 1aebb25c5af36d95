import type { DmarcRecord } from 'mailauth/lib/dmarc/get-dmarc-record';
import type { SpfResponse } from 'mailauth/lib/spf';
import type { Check } from '../../shared/domain-report';
import type { DnsClient } from '../dns/resolver';
import { check } from './check';
import { mailauthResolver } from './mailauth-resolver';

export interface SenderFacts {
  spf: SpfResponse | { error: string };
  dmarc: { record: DmarcRecord | false; published: string[] } | { error: string };
}

/** An address from TEST-NET-1 (RFC 5737): no real sender uses it, so SPF is walked to its end. */
const STRANGER = '192.0.2.1';
const LOOKUP_LIMIT = 10;

export async function senderFacts(domain: string, dns: DnsClient): Promise<SenderFacts> {
  const resolver = mailauthResolver(dns);
  // Loaded when needed: mailauth and what it pulls in would cost every CLI start ~170 ms.
  const [{ spf }, { default: getDmarcRecord }] = await Promise.all([
    import('mailauth/lib/spf'),
    import('mailauth/lib/dmarc/get-dmarc-record'),
  ]);
  const [spfResult, dmarcResult] = await Promise.allSettled([
    spf({ sender: `postmaster@${domain}`, ip: STRANGER, helo: domain, mta: 'mxray', resolver }),
    (async () => {
      const txt = await dns.txt(`_dmarc.${domain}`).catch(() => [] as string[][]);
      const published = txt.map((r) => r.join('')).filter((r) => /^v=DMARC1\b/i.test(r.trim()));
      return { record: await getDmarcRecord(domain, resolver), published };
    })(),
  ]);
  const error = (r: PromiseRejectedResult) => ({ error: String(r.reason?.message ?? r.reason) });
  return {
    spf: spfResult.status === 'fulfilled' ? spfResult.value : error(spfResult),
    dmarc: dmarcResult.status === 'fulfilled' ? dmarcResult.value : error(dmarcResult),
  };
}

function spfCheck(domain: string, facts: SenderFacts['spf']): Check {
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('sender.spf', 'sender', 'SPF', status, summary, {
      hint,
      evidence:
        'error' in facts
          ? [facts.error]
          : [
              ...(facts.rr ? [`${domain}. TXT "${facts.rr}"`] : []),
              `Evaluated for ${STRANGER} (an address no one sends from): ${facts.status.result}`,
              ...(facts.status.comment ? [facts.status.comment] : []),
              ...(facts.lookups
                ? [
                    `DNS lookups: ${facts.lookups.count} of ${facts.lookups.limit}, void ${facts.lookups.void}`,
                  ]
                : []),
            ],
    });
  if ('error' in facts) return make('warn', `SPF could not be evaluated: ${facts.error}.`);
  const count = facts.lookups?.count ?? 0;
  const rr = facts.rr ?? '';
  switch (facts.status.result) {
    case 'none':
      return make(
        'warn',
        `${domain} publishes no SPF record: receivers cannot tell its servers from forgers.`,
        `Publish a TXT record such as "v=spf1 mx -all" listing every server that sends for ${domain}.`,
      );
    case 'permerror':
      return make(
        'fail',
        `The SPF record is broken (permerror${facts.status.comment ? `: ${facts.status.comment.split(': ').at(-1)}` : ''}); receivers treat it as no SPF at all.`,
        count > LOOKUP_LIMIT
          ? 'Flatten includes or drop some: SPF allows at most 10 DNS lookups (RFC 7208 §4.6.4).'
          : "Fix the record's syntax; check each mechanism against RFC 7208 §5.",
      );
    case 'temperror':
      return make(
        'warn',
        `SPF could not be evaluated right now (temperror): ${facts.status.comment ?? ''}.`,
      );
    case 'pass':
      return make(
        'fail',
        `The SPF record lets any address send for ${domain} (${/[+]?all\b/.test(rr) ? 'it ends in +all' : 'it matched an address no one uses'}).`,
        'End the record with -all or ~all and list only your own servers.',
      );
    case 'neutral':
      return make(
        'warn',
        'The SPF record says nothing about servers it does not list (?all, or no all): forgers pass as neutral.',
        'End the record with -all (or ~all while you check your senders).',
      );
  }
  if (count >= LOOKUP_LIMIT - 1)
    return make(
      'warn',
      `The SPF record needs ${count} of the 10 DNS lookups SPF allows: one more include breaks it.`,
      'Replace includes you can with ip4:/ip6: ranges.',
    );
  return make(
    'ok',
    `SPF lists the servers allowed to send and ${facts.status.result === 'fail' ? 'fails (-all)' : 'soft-fails (~all)'} the rest; ${count} of 10 DNS lookups.`,
  );
}

function dmarcCheck(domain: string, facts: SenderFacts['dmarc']): Check {
  const evidence =
    'error' in facts
      ? [facts.error]
      : facts.published.length
        ? facts.published.map((r) => `_dmarc.${domain}. TXT "${r}"`)
        : facts.record
          ? [`${facts.record.isOrgRecord ? 'organisational domain: ' : ''}TXT "${facts.record.rr}"`]
          : [`_dmarc.${domain}: no v=DMARC1 record`];
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('sender.dmarc', 'sender', 'DMARC', status, summary, { hint, evidence });
  if ('error' in facts) return make('warn', `DMARC could not be looked up: ${facts.error}.`);
  if (facts.published.length > 1)
    return make(
      'fail',
      `_dmarc.${domain} publishes ${facts.published.length} DMARC records: receivers then apply none (RFC 7489 §6.6.3).`,
      'Keep exactly one v=DMARC1 record.',
    );
  const record = facts.record;
  const addReports = 'Add rua=mailto:… to receive aggregate reports.';
  if (!record)
    return make(
      'warn',
      `${domain} publishes no DMARC policy: receivers decide alone what to do with forged mail, and bulk-mail rules (Gmail, Yahoo) require one.`,
      'Publish "v=DMARC1; p=none; rua=mailto:dmarc@…" at _dmarc, then move to quarantine or reject.',
    );
  const p = String(record.p ?? '').toLowerCase();
  const inherited = record.isOrgRecord ? ' (inherited from the organisational domain)' : '';
  if (!['none', 'quarantine', 'reject'].includes(p))
    return make(
      'fail',
      `The DMARC record has no valid p= tag${inherited}: receivers ignore it.`,
      'Set p=none, p=quarantine or p=reject.',
    );
  if (p === 'none')
    return make(
      'warn',
      `DMARC is in monitoring mode (p=none)${inherited}: forged mail is still delivered.`,
      record.rua
        ? 'Move to p=quarantine, then p=reject, once the reports look clean.'
        : 'Add rua=mailto:… to see who sends as you, then move to p=quarantine and p=reject.',
    );
  const pct = typeof record.pct === 'number' && record.pct > 0 ? record.pct : 100;
  if (pct < 100)
    return make(
      'warn',
      `DMARC asks for p=${p} on only ${pct}% of failing mail${inherited}.`,
      'Raise pct to 100 (or drop it).',
    );
  return make(
    'ok',
    `DMARC policy p=${p}${inherited}: receivers ${p === 'reject' ? 'reject' : 'quarantine'} mail that neither SPF nor DKIM authenticates for the domain.`,
    record.rua ? null : addReports,
  );
}

export function senderChecks(domain: string, facts: SenderFacts): Check[] {
  return [spfCheck(domain, facts.spf), dmarcCheck(domain, facts.dmarc)];
}
