import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../secret-box';

/**
 * Electron's safeStorage stands in here with a real cipher and a key of its own, as the OS
 * keychain would hold it (the edge a test under Node cannot reach): what it seals is not the
 * plain text, and only it can open it.
 */
export function fakeSafeStorage(): SafeStorageLike {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => {
      const c = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    },
    decryptString: (sealed) => {
      const d = createDecipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([d.update(sealed), d.final()]).toString('utf8');
    },
  };
}
