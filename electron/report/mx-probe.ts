import type { EhloInfo, MxProbe } from '../../shared/domain-report';
import { sendingIpFromReply } from '../../shared/sending-ip';
import type { Phase } from '../../shared/smtp';
import type { Capabilities } from '../smtp/capabilities';
import { SmtpSession } from '../smtp/session';
import type { SessionResult } from '../smtp/session-types';
import type { Timeouts } from '../smtp/timeouts';

export interface ProbeTarget {
  host: string;
  preference: number | null;
  address: string;
  port: number;
}

export interface ProbeOptions {
  helo: string;
  timeouts?: Partial<Timeouts>;
  /** Extra certificate authorities (tests, private CAs). */
  ca?: string | string[];
}

/** A probe waits less than a delivery would: a report should come back in seconds. */
export const PROBE_TIMEOUTS: Partial<Timeouts> = {
  connect: 10_000,
  banner: 30_000,
  command: 30_000,
  tlsHandshake: 15_000,
};

export function pendingProbe(t: ProbeTarget): MxProbe {
  return {
    ...t,
    state: 'pending',
    reachable: null,
    outcome: null,
    failure: null,
    connectMs: null,
    bannerMs: null,
    banner: null,
    bannerHost: null,
    ehlo: null,
    starttls: { offered: false, ok: false, protocol: null, cipher: null, error: null },
    certificate: null,
    reverseDns: null,
    transcript: [],
    clientAddress: null,
  };
}

/** The plaintext EHLO reply's keywords, from the transcript (the session keeps the last EHLO's). */
function keywordsBeforeTls(result: SessionResult): string[] | null {
  if (!result.tls) return null;
  const lines = result.transcript.filter((l) => l.dir === 'in' && l.phase === 'ehlo' && !l.tls);
  return lines.slice(1).map((l) => l.text.replace(/^250[ -]/, ''));
}

function ehloInfo(result: SessionResult, caps: Capabilities, offeredBeforeTls: boolean): EhloInfo {
  const [name = ''] = caps.greeting.split(/\s+/);
  return {
    helo: result.transcript.some((l) => l.dir === 'out' && /^HELO /i.test(l.text)),
    name,
    keywords: caps.keywords,
    keywordsBeforeTls: keywordsBeforeTls(result),
    pipelining: caps.pipelining,
    size: caps.size,
    eightBitMime: caps.eightBitMime,
    smtpUtf8: caps.smtpUtf8,
    startTls: caps.startTls || offeredBeforeTls,
    chunking: caps.chunking,
    dsn: caps.dsn,
    requireTls: caps.requireTls,
  };
}

const ms = (result: SessionResult, phase: Phase) => {
  const timing = result.timings.find((t) => t.phase === phase);
  return timing ? Math.round(timing.durationMs) : null;
};

/** The session's record, read into the matrix's columns. */
export function probeFromSession(t: ProbeTarget, result: SessionResult): MxProbe {
  const bannerLine = result.transcript.find((l) => l.dir === 'in' && l.phase === 'banner');
  const banner = bannerLine ? bannerLine.text.replace(/^220[ -]/, '') : null;
  const greeted = bannerLine !== undefined && /^220/.test(bannerLine.text);
  const triedTls = result.transcript.some((l) => l.dir === 'out' && /^STARTTLS/i.test(l.text));
  const tlsError = result.tlsHandshakeFailed
    ? result.reason
    : triedTls && !result.tls
      ? (result.transcript.findLast((l) => l.phase === 'starttls' && l.dir === 'in')?.text ??
        result.reason)
      : null;
  return {
    ...pendingProbe(t),
    state: 'pending',
    reachable: greeted,
    outcome: result.outcome === 'quit-after' ? null : result.outcome,
    failure: result.outcome === 'quit-after' ? null : result.reason,
    connectMs: ms(result, 'connect'),
    bannerMs: ms(result, 'banner'),
    banner,
    bannerHost: greeted ? (banner?.split(/\s+/)[0] ?? null) : null,
    ehlo: result.capabilities ? ehloInfo(result, result.capabilities, triedTls) : null,
    starttls: {
      offered: triedTls || result.capabilities?.startTls === true,
      ok: result.tls !== null,
      protocol: result.tls?.protocol ?? null,
      cipher: result.tls?.cipher ?? null,
      error: tlsError,
    },
    transcript: result.transcript,
    clientAddress: result.clientAddress ?? statedClientAddress(result),
  };
}

/** The client address the greeting or EHLO reply states, when the session did not keep it. */
function statedClientAddress(result: SessionResult): string | null {
  for (const line of result.transcript) {
    if (line.dir !== 'in' || (line.phase !== 'banner' && line.phase !== 'ehlo')) continue;
    const address = sendingIpFromReply(line.text);
    if (address) return address;
  }
  return null;
}

/**
 * One session to one MX address, the way a sending MTA starts: connect, banner, EHLO, STARTTLS
 * and EHLO again, then QUIT. No MAIL, no mail sent. The certificate is taken whatever it is.
 */
export async function runProbe(
  t: ProbeTarget,
  options: ProbeOptions,
  signal?: AbortSignal,
): Promise<{ probe: MxProbe; result: SessionResult }> {
  const session = new SmtpSession({
    host: t.address,
    port: t.port,
    servername: t.host,
    ca: options.ca,
    chainDigests: true,
    timeouts: { ...PROBE_TIMEOUTS, ...options.timeouts },
    plan: {
      heloName: options.helo,
      tls: 'opportunistic',
      tlsVerify: false,
      auth: null,
      transactions: [],
      quitAfter: 'starttls',
      pipelining: false,
    },
  });
  const cancel = () => session.cancel();
  signal?.addEventListener('abort', cancel);
  try {
    const result = await session.run();
    return { probe: probeFromSession(t, result), result };
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}
