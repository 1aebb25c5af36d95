import os from 'node:os';
import path from 'node:path';

/**
 * Where the CLI and web mode keep settings and the outbox when no --data-dir is given.
 * Electron uses app.getPath('userData') instead, which lands in the same folders.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform) {
  if (env.MXRAY_DATA_DIR) return path.resolve(env.MXRAY_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'MXray');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'MXray');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'MXray');
}
