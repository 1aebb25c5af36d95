/**
 * How a secret (a relay password) is sealed before it touches the disk. The desktop app seals
 * with the OS's protection (Electron safeStorage: Keychain, DPAPI, libsecret/kwallet); web and
 * CLI modes have none to ask, so their secrets are kept as they are, in a file only the user
 * can read (0600, in a 0700 folder), apart from every other record.
 */
export interface SecretBox {
  /** Written at the head of each sealed file, so one box never misreads another's. */
  readonly kind: 'os' | 'private-file';
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export const privateFileBox: SecretBox = {
  kind: 'private-file',
  seal: (plain) => Buffer.from(plain, 'utf8'),
  open: (sealed) => sealed.toString('utf8'),
};

/** Electron's safeStorage, where the OS offers it. (The type only: this file stays Node.) */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only: which secret store backs it. */
  getSelectedStorageBackend?(): string;
}

/**
 * The OS keychain where there is one. On Linux without a secret service or kwallet, Electron
 * falls back to 'basic_text', a key built into Chromium: no protection a 0600 file lacks, and
 * a file web mode could not read, so that case keeps the private file.
 */
export function osSecretBox(safeStorage: SafeStorageLike, platform = process.platform): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) return privateFileBox;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text')
    return privateFileBox;
  return {
    kind: 'os',
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}

/** What stands before the sealed bytes in a file: which box sealed them. */
const headOf = (kind: SecretBox['kind']) => Buffer.from(`mxray-secret 1 ${kind}\n`);

/** A secret as a file holds it: the box's kind on the first line, then the sealed bytes. */
export function sealToFile(box: SecretBox, plain: string): Buffer {
  return Buffer.concat([headOf(box.kind), box.seal(plain)]);
}

/**
 * Why a sealed file gives nothing: `damaged` (no head), `keychain` (sealed by the desktop
 * app's OS keychain, which this box cannot ask), `refused` (the keychain would not unseal it).
 */
export type UnsealProblem = 'damaged' | 'keychain' | 'refused';

/** The secret sealToFile wrote, or why it cannot be had. */
export function unsealFile(
  box: SecretBox,
  data: Buffer,
): { plain: string } | { problem: UnsealProblem } {
  const newline = data.indexOf(10);
  const kind = /^mxray-secret 1 (os|private-file)$/.exec(
    data.subarray(0, Math.max(newline, 0)).toString(),
  )?.[1];
  if (newline < 0 || !kind) return { problem: 'damaged' };
  const sealed = data.subarray(newline + 1);
  if (kind === 'private-file') return { plain: sealed.toString('utf8') };
  if (box.kind !== 'os') return { problem: 'keychain' };
  try {
    return { plain: box.open(sealed) };
  } catch {
    return { problem: 'refused' };
  }
}

/** Sentences for an UnsealProblem, about "its <what>" (relay password, DKIM private key). */
export function unsealProblemText(problem: UnsealProblem, what: string): string {
  switch (problem) {
    case 'damaged':
      return `its ${what} file is damaged`;
    case 'keychain':
      return `its ${what} was sealed with the system keychain by the desktop app, which web and CLI modes cannot use`;
    case 'refused':
      return `the system keychain would not unseal its ${what}`;
  }
}
