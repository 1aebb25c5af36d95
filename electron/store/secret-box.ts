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
}

export function osSecretBox(safeStorage: SafeStorageLike): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) return privateFileBox;
  return {
    kind: 'os',
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}
