import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign';

/** A DKIM key made for a test, with the TXT record to publish at selector._domainkey. */
export interface TestKey {
  privateKey: string;
  record: string;
  bits: number;
}

export function rsaKey(bits = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${p}`,
    bits,
  };
}

export function ed25519Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // RFC 8463: p= is the raw 32-byte key, the SPKI's last 32 bytes.
  const p = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=ed25519; p=${p}`,
    bits: 256,
  };
}

/** A plain message, CRLF throughout; `headers` go after the usual ones. */
export function plainMessage(
  options: { from?: string; subject?: string; body?: string; headers?: string[] } = {},
): Buffer {
  const lines = [
    `From: Sender <${options.from ?? 'news@good.test'}>`,
    'To: reader@example.org',
    `Subject: ${options.subject ?? 'Hello'}`,
    'Date: Fri, 04 Dec 2026 10:00:00 +0000',
    'Message-ID: <mid-1@good.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    ...(options.headers ?? []),
    '',
    options.body ?? 'Hello there.\r\nSee https://good.test/page for more.',
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

/** mailauth's default header list plus List-Unsubscribe-Post, which RFC 8058 wants signed. */
export const WITH_ONE_CLICK =
  'From:Subject:Date:Message-ID:To:MIME-Version:Content-Type:List-Unsubscribe:List-Unsubscribe-Post';

/** The message with a DKIM-Signature in front, made by mailauth's signer (as a sender's MTA). */
export async function signed(
  message: Buffer,
  key: TestKey,
  domain: string,
  selector: string,
  algorithm?: string,
  headerList?: string,
): Promise<Buffer> {
  const { signatures, errors } = await dkimSign(message, {
    ...(headerList ? { headerList } : {}),
    signatureData: [
      {
        signingDomain: domain,
        selector,
        privateKey: key.privateKey,
        ...(algorithm ? { algorithm } : {}),
      },
    ],
  });
  if (errors.length) throw errors[0]?.err;
  return Buffer.concat([Buffer.from(signatures), message]);
}
