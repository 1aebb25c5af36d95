import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { Settings, type SettingsPatch, settingsConflicts } from '../../shared/settings';
import { UserError } from '../rpc/user-error';
import { ensureFolder, writeFileAtomic } from '../store/atomic-file';

export interface SettingsStore {
  get(): Settings;
  /**
   * Validated patch in, whole new settings out; persisted before it resolves. Settings that
   * would contradict each other are refused (a UserError naming each field), nothing changed.
   */
  set(patch: SettingsPatch): Promise<Settings>;
  onChange(listener: (settings: Settings) => void): () => void;
  /** Set when the file on disk could not be read and was put aside. */
  readonly recovered: string | null;
}

export const SETTINGS_FILE = 'settings.json';

/**
 * Settings as one JSON file, replaced atomically on every change. A file that cannot be
 * parsed is renamed aside (never deleted) and defaults are used, so start-up never fails on it.
 */
export async function openSettingsStore(dataDir: string): Promise<SettingsStore> {
  await ensureFolder(dataDir);
  const file = path.join(dataDir, SETTINGS_FILE);
  let recovered: string | null = null;
  let current = Settings.parse({});
  try {
    current = Settings.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      recovered = `${file}.unreadable-${Date.now()}`;
      await rename(file, recovered);
    }
  }

  const listeners = new Set<(s: Settings) => void>();
  let writes: Promise<unknown> = Promise.resolve();

  return {
    recovered,
    get: () => current,
    set(patch) {
      // Serialise writes so two quick changes land in order and neither is lost.
      const done = writes.then(async () => {
        const next = Settings.parse({ ...current, ...patch });
        const conflicts = settingsConflicts(next, Object.keys(patch));
        if (conflicts.length)
          throw new UserError(
            'bad-input',
            `Settings not saved: ${conflicts.map((c) => c.message).join('. ')}.`,
            conflicts,
          );
        await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
        current = next;
        for (const listener of listeners) listener(next);
        return next;
      });
      writes = done.catch(() => {});
      return done;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
