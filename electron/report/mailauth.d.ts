// The parts of mailauth 4.x the report uses (it ships no types).
declare module 'mailauth/lib/mta-sts' {
  export interface StsPolicy {
    version?: string;
    mode: 'enforce' | 'testing' | 'none';
    maxAge: number;
    mx?: string[];
  }
  /** Throws with code invalid_sts_version / _mode / _max_age / _mx. */
  export function parsePolicy(file: string | Buffer): StsPolicy;
}

declare module 'mailauth/lib/spf' {
  export type Resolver = (name: string, type: string) => Promise<unknown>;
  export interface SpfResponse {
    domain: string;
    'client-ip': string;
    rr?: string;
    status: { result: string; comment?: string };
    lookups?: { limit: number; count: number; void: number; subqueries: Record<string, number> };
  }
  export function spf(options: {
    sender: string;
    ip: string;
    helo?: string;
    mta?: string;
    resolver?: Resolver;
  }): Promise<SpfResponse>;
}

declare module 'mailauth/lib/dmarc/get-dmarc-record' {
  export type DmarcRecord = Record<string, string | number | boolean> & {
    rr: string;
    isOrgRecord: boolean;
  };
  export default function getDmarcRecord(
    domain: string,
    resolver?: (name: string, type: string) => Promise<unknown>,
  ): Promise<DmarcRecord | false>;
}
