// The parts of mailauth 4.x's DKIM that signing uses (it ships no types).
declare module 'mailauth/lib/dkim/dkim-signer' {
  import type { Writable } from 'node:stream';

  /** One header as mailauth parsed it: `key` lower-cased, `casedKey` as written, the raw line. */
  export interface ParsedHeader {
    key: string;
    casedKey: string;
    line: Buffer;
  }

  export interface DkimSignerOptions {
    canonicalization?: string;
    algorithm?: string;
    signTime?: Date;
    /** Colon-separated field names to sign. */
    headerList?: string;
    signatureData: {
      signingDomain: string;
      selector: string;
      privateKey: string | Buffer;
      algorithm?: string;
      canonicalization?: string;
    }[];
  }

  export class DkimSigner extends Writable {
    constructor(options: DkimSignerOptions);
    /** Each `DKIM-Signature: …` field, folded, without the final CRLF. */
    signatureHeaders: string[];
    errors: { err: Error }[];
    /** Called once the header block is parsed, before any body chunk. */
    messageHeaders(headers: { parsed: ParsedHeader[] }): Promise<void>;
  }
}

declare module 'mailauth/lib/tools' {
  import type { Writable } from 'node:stream';
  export function writeToStream(stream: Writable, input: Buffer | string): Promise<void>;
}

declare module 'mailauth/lib/dkim/verify' {
  export interface DkimVerifyResult {
    signingDomain?: string;
    selector?: string;
    algo?: string;
    format?: string;
    signingHeaders?: { keys: string; headers: string[] };
    status: { result: string; comment?: string; aligned?: string | false };
    publicKey?: string;
    modulusLength?: number;
    info?: string;
  }
  export function dkimVerify(
    input: Buffer | string,
    options?: {
      resolver?: (name: string, type: string) => Promise<unknown>;
      minBitLength?: number;
    },
  ): Promise<{ headerFrom: string[]; results: DkimVerifyResult[] }>;
}
