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
