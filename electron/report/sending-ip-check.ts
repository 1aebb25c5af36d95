import type { Check, MxProbe } from '../../shared/domain-report';
import { isIpv4, normaliseIp, sameIp, sendingIpFromReply } from '../../shared/sending-ip';
import type { DnsClient } from '../dns/resolver';
import { checkMaker } from './check';
import { reverseDns } from './reverse-dns';

/** The sending IP and how it is known, said in the evidence. */
export interface SendingIp {
  address: string;
  /** e.g. 'stated by mx.google.com: "250-mx.google.com at your service, [203.0.113.5]"', or 'configured'. */
  from: string;
}

const ptrMake = checkMaker('connection.sending-ip.ptr', 'connection', 'PTR of the sending IP');
const fcrdnsMake = checkMaker(
  'connection.sending-ip.fcrdns',
  'connection',
  'Sending IP forward-confirmed',
);
const heloMake = checkMaker('connection.sending-ip.helo', 'connection', 'HELO name and sending IP');

const HOW_TO_KNOW =
  'Probe a server that states it (Gmail, Microsoft 365, Exim and Sendmail say "[your address]" in their EHLO reply), or give it yourself: your provider knows it, and on a host with a public address `ip addr` shows it. MXray asks no third-party echo service.';

/**
 * The sending IP the first probed server states (in probe order), with the reply line that says
 * it; other servers that state another address are named too (a second route out, IPv6).
 */
export function statedSendingIp(probes: MxProbe[]): SendingIp | null {
  const first = probes.find((p) => p.clientAddress);
  if (!first?.clientAddress) return null;
  const address = first.clientAddress;
  const line = first.transcript.find(
    (l) => l.dir === 'in' && sendingIpFromReply(l.text) === address,
  )?.text;
  const others = [
    ...new Set(
      probes.flatMap((p) =>
        p.clientAddress && !sameIp(p.clientAddress, address) ? [p.clientAddress] : [],
      ),
    ),
  ];
  return {
    address,
    from: [
      `stated by ${first.host} (${first.address})${line ? `: "${line}"` : ''}`,
      ...(others.length ? [`other servers saw ${others.join(', ')}`] : []),
    ].join('; '),
  };
}

/** No probed server stated the sending IP: one "na" check saying how to give it. */
export function sendingIpUnknownCheck(probed: number): Check {
  return checkMaker('connection.sending-ip', 'connection', 'Sending IP')(
    'na',
    probed
      ? `The sending IP is not known: no MX server stated it in its greeting or EHLO reply, so its reverse DNS and blocklists were not checked.`
      : 'The sending IP is not known: there was no MX server to probe.',
    'Check it yourself: mxray check --sending-ip YOUR_IP (your provider knows it; on a host with a public address `ip addr` shows it). MXray asks no third-party echo service.',
  );
}

/**
 * The sending IP as receivers judge it: its PTR, forward confirmation (FCrDNS), and whether the
 * HELO name MXray announces is that PTR name or at least resolves to the address. Asked through
 * the configured DNS servers. Unknown IP: the same three checks, "na", saying how to learn it.
 */
export async function sendingIpChecks(
  ip: SendingIp | null,
  heloName: string,
  dns: DnsClient,
): Promise<Check[]> {
  const address = ip ? normaliseIp(ip.address.trim()) : null;
  if (!ip || !address) {
    const why = ip
      ? `"${ip.address}" is not an IP address.`
      : 'The sending IP is not known: the receiving server did not state it.';
    const needs = 'Needs the sending IP (see "PTR of the sending IP").';
    return [ptrMake('na', why, HOW_TO_KNOW), fcrdnsMake('na', needs), heloMake('na', needs)];
  }
  const source = `Sending IP ${address}: ${ip.from}`;
  const r: Reverse = (await reverseDns(dns, address)) ?? {
    names: [],
    forwardConfirmed: false,
    error: 'no answer',
  };
  const ptrLine = `PTR ${address} → ${r.names.join(', ') || r.error || 'nothing'}`;
  const evidence = [source, ptrLine];
  return [
    ptrCheck(address, r, evidence),
    fcrdnsCheck(address, r, evidence),
    await heloCheck(address, r.names, heloName, dns, evidence),
  ];
}

type Reverse = NonNullable<Awaited<ReturnType<typeof reverseDns>>>;

function ptrCheck(ip: string, r: Reverse, evidence: string[]): Check {
  if (r.names.length)
    return ptrMake('ok', `${ip} has a PTR record: ${r.names.join(', ')}.`, null, evidence);
  if (r.error && r.error !== 'no PTR record')
    return ptrMake(
      'warn',
      `The PTR of ${ip} could not be looked up (${r.error}).`,
      'Check the DNS servers in Settings, then check again.',
      evidence,
    );
  return ptrMake(
    'fail',
    `${ip} has no PTR record: Gmail, Microsoft and Yahoo refuse or junk mail from addresses without reverse DNS.`,
    `Ask whoever runs ${ip} (your hosting or access provider) to set its PTR to your mail server's name, one that resolves back to ${ip}.`,
    evidence,
  );
}

function fcrdnsCheck(ip: string, r: Reverse, evidence: string[]): Check {
  if (!r.names.length) return fcrdnsMake('na', `${ip} has no PTR name to confirm.`, null, evidence);
  if (r.forwardConfirmed)
    return fcrdnsMake(
      'ok',
      `${ip} → ${r.names.join(', ')} → ${ip}: forward-confirmed reverse DNS.`,
      null,
      evidence,
    );
  return fcrdnsMake(
    'fail',
    `${ip}'s PTR names ${r.names.join(', ')}, which does not resolve back to ${ip}: receivers treat that like no reverse DNS.`,
    `Give ${r.names[0]} an ${isIpv4(ip) ? 'A' : 'AAAA'} record for ${ip}, or change the PTR to a name that has one.`,
    evidence,
  );
}

async function heloCheck(
  ip: string,
  ptrNames: string[],
  heloName: string,
  dns: DnsClient,
  base: string[],
): Promise<Check> {
  const helo = heloName.trim().toLowerCase().replace(/\.$/, '');
  const better = ptrNames[0]
    ? `Set the HELO name (Settings → HELO name, or --helo) to ${ptrNames[0]}.`
    : `Set the HELO name (Settings → HELO name, or --helo) to a name whose A/AAAA record is ${ip}, and make it ${ip}'s PTR.`;
  const literal = /^\[(?:ipv6:)?([^\]]+)\]$/.exec(helo);
  if (literal?.[1]) {
    const evidence = [...base, `EHLO ${heloName} (an address literal)`];
    return sameIp(literal[1], ip)
      ? heloMake(
          'warn',
          `MXray greets with the address literal ${heloName}: allowed, but many receivers score a host name higher.`,
          better,
          evidence,
        )
      : heloMake(
          'warn',
          `MXray greets with ${heloName}, which is not the sending IP ${ip}.`,
          better,
          evidence,
        );
  }
  if (ptrNames.includes(helo))
    return heloMake('ok', `The HELO name ${helo} is ${ip}'s PTR name.`, null, [
      ...base,
      `EHLO ${heloName}`,
    ]);
  const lookup = isIpv4(ip) ? dns.a : dns.aaaa;
  const addresses = await lookup(helo).catch((e: unknown) => (e instanceof Error ? e : []));
  const found = Array.isArray(addresses) ? addresses : [];
  const evidence = [
    ...base,
    `EHLO ${heloName}`,
    `${isIpv4(ip) ? 'A' : 'AAAA'} ${helo} → ${found.join(', ') || (addresses instanceof Error ? addresses.message : 'nothing')}`,
  ];
  if (found.some((a) => sameIp(a, ip)))
    return heloMake(
      'ok',
      `The HELO name ${helo} resolves to ${ip}${ptrNames.length ? `, though the PTR name is ${ptrNames.join(', ')}` : ''}.`,
      null,
      evidence,
    );
  return heloMake(
    'warn',
    `The HELO name ${helo} is not ${ip}'s PTR name${ptrNames.length ? ` (${ptrNames.join(', ')})` : ''} and does not resolve to ${ip}: some receivers score or refuse a HELO that does not match the connecting address.`,
    better,
    evidence,
  );
}
