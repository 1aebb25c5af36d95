import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { DKIM_RSA_BITS, DkimAlgorithm } from '../../shared/dkim';
import { dkimTxtRecord, generateDkimKey } from '../message/dkim-keys';
import { DkimError, dkimNames } from '../message/dkim-sign';
import { fsReason } from '../store/store-error';
import { parseCommandArgs } from './parse';
import { EXIT, UsageError } from './usage-error';

export const dkimHelp = `Usage: mxray dkim keygen --domain D --selector S --out FILE [options]

Makes a DKIM signing key with node:crypto, writes its private half to FILE (PEM, created
with mode 0600, never over an existing file) and prints the DNS TXT record to publish at
S._domainkey.D: whole, and as a zone-file line cut into strings of at most 255 characters.
Then sign with: mxray send --dkim-domain D --dkim-selector S --dkim-key FILE …

Options:
  --domain D            the signing domain (d=), usually the From address's domain
  --selector S          the selector (s=), e.g. mx2026: a new one for each new key
  --algorithm A         rsa (default) or ed25519 (RFC 8463, which some receivers do not
                        verify yet: publish an RSA key beside it)
  --bits N              RSA only: ${DKIM_RSA_BITS.join(', ')} (default 2048)
  --out FILE            where the private key goes
  --json                the record as one JSON document on stdout (never the private key)
  -h, --help            show this help

Exit codes: 0 key written, 1 bad input.`;

const options = {
  domain: { type: 'string' },
  selector: { type: 'string' },
  algorithm: { type: 'string' },
  bits: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function runDkim(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    console.log(dkimHelp);
    return EXIT.ok;
  }
  if (sub !== 'keygen')
    throw new UsageError(
      `dkim: unknown subcommand '${sub}' (mxray dkim keygen; see mxray dkim --help)`,
    );
  return keygen(rest);
}

async function keygen(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('dkim', args, options);
  if (values.help) {
    console.log(dkimHelp);
    return EXIT.ok;
  }
  if (positionals.length)
    throw new UsageError(
      `dkim keygen: unexpected argument "${positionals[0]}" (see mxray dkim --help)`,
    );
  for (const flag of ['domain', 'selector', 'out'] as const)
    if (!values[flag]) throw new UsageError(`dkim keygen: --${flag} is required`);
  const algorithm = DkimAlgorithm.safeParse(values.algorithm ?? 'rsa');
  if (!algorithm.success)
    throw new UsageError(`dkim keygen: --algorithm is rsa or ed25519, not "${values.algorithm}"`);
  if (algorithm.data === 'ed25519' && values.bits !== undefined)
    throw new UsageError('dkim keygen: --bits is for RSA; an Ed25519 key has no size to choose');
  const bits = Number(values.bits ?? 2048);
  if (!(DKIM_RSA_BITS as readonly number[]).includes(bits))
    throw new UsageError(
      `dkim keygen: --bits is ${DKIM_RSA_BITS.join(', ')}, not "${values.bits}"`,
    );
  let names: { domain: string; selector: string };
  try {
    names = dkimNames(values.domain ?? '', values.selector ?? '');
  } catch (error) {
    if (error instanceof DkimError) throw new UsageError(`dkim keygen: ${error.message}`);
    throw error;
  }
  const out = path.resolve(values.out ?? '');
  // The file first: a name already taken is said before seconds go into a 4096-bit key.
  const handle = await createKeyFile(out);
  let key: Awaited<ReturnType<typeof generateDkimKey>>;
  try {
    key = await generateDkimKey(algorithm.data, bits);
    await handle.writeFile(key.privateKeyPem);
    await handle.sync();
  } catch (error) {
    await unlink(out).catch(() => {});
    throw error;
  } finally {
    await handle.close();
  }
  const txt = dkimTxtRecord(names.domain, names.selector, key.algorithm, key.publicKey);
  const kind = key.algorithm === 'rsa' ? `RSA ${key.bits} bits` : 'Ed25519';
  if (values.json) {
    const doc = {
      ...txt,
      domain: names.domain,
      selector: names.selector,
      algorithm: key.algorithm,
      bits: key.bits,
      keyFile: out,
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return EXIT.ok;
  }
  process.stdout.write(
    [
      `Wrote the private key to ${out} (${kind}, mode 0600): keep it to yourself.`,
      '',
      'Publish this TXT record:',
      `  name:  ${txt.name}`,
      `  value: ${txt.value}`,
      '',
      'As a zone-file line (the value cut into strings of at most 255 characters):',
      `  ${txt.zone}`,
      '',
      `Then: mxray send --dkim-domain ${names.domain} --dkim-selector ${names.selector} --dkim-key ${out} …`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

/** Created 0600 (as ssh-keygen does), refusing to replace a file: it may be a key in use. */
async function createKeyFile(file: string) {
  try {
    return await open(file, 'wx', 0o600);
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw new UsageError(
      exists
        ? `dkim keygen: ${file} exists; choose another --out, or remove it first if it is no key in use`
        : `dkim keygen: cannot create ${file} (${fsReason(error)})`,
    );
  }
}
