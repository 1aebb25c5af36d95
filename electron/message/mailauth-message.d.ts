// The parts of mailauth 4.x the message report uses (it ships no types); see also
// ../report/mailauth.d.ts.
declare module 'mailauth' {
  export type Resolver = (name: string, type: string) => Promise<unknown>;

  export interface DkimResult {
    id: string;
    signingDomain: string;
    selector: string;
    signature?: string;
    algo?: string;
    format?: string;
    bodyHash?: string;
    bodyHashExpecting?: string;
    signingHeaders?: { keys: string; headers: string[] };
    status: {
      result: string;
      comment?: string;
      aligned?: string | false;
      policy?: Record<string, string>;
    };
    modulusLength?: number;
    publicKey?: string;
    rr?: string;
  }

  export interface AuthenticateResult {
    dkim: { headerFrom: string[]; envelopeFrom: string | false; results: DkimResult[] };
    spf:
      | {
          domain: string;
          'client-ip': string;
          rr?: string;
          status: { result: string; comment?: string };
          lookups?: { count: number; limit: number; void: number };
        }
      | false;
    dmarc: DmarcResult | false;
    arc: { status: { result: string; comment?: string }; i?: number | false } | false;
    headers: string;
  }

  export interface DmarcResult {
    status: { result: string; comment?: string };
    domain: string;
    policy?: string;
    p?: string;
    sp?: string;
    pct?: number;
    rr?: string;
    error?: string;
    alignment?: {
      spf: { result: string | false | undefined; strict: boolean };
      dkim: { result: string | false | undefined; strict: boolean };
    };
  }

  export function authenticate(
    input: Buffer | string,
    options: {
      ip?: string;
      helo?: string;
      sender?: string;
      mta?: string;
      resolver?: Resolver;
      minBitLength?: number;
      disableArc?: boolean;
      disableDmarc?: boolean;
      disableBimi?: boolean;
      trustReceived?: boolean;
    },
  ): Promise<AuthenticateResult>;
}

declare module 'mailauth/lib/dmarc' {
  import type { DmarcResult, Resolver } from 'mailauth';
  export function dmarc(options: {
    headerFrom: string | string[];
    spfDomains: string[];
    dkimDomains: { id: string; domain: string; aligned?: string | false }[];
    arcResult?: unknown;
    resolver?: Resolver;
  }): Promise<DmarcResult | false>;
}

declare module 'mailauth/lib/dkim/sign' {
  export function dkimSign(
    input: Buffer | string,
    options: {
      canonicalization?: string;
      algorithm?: string;
      /** Colon-separated field names; mailauth's default list has no List-Unsubscribe-Post. */
      headerList?: string;
      signTime?: Date;
      signatureData: {
        signingDomain: string;
        selector: string;
        privateKey: string | Buffer;
        algorithm?: string;
        canonicalization?: string;
      }[];
    },
  ): Promise<{
    signatures: string;
    errors: { selector: string; signingDomain: string; err: Error }[];
  }>;
}
