import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// electron-builder cannot fetch Electron here to build an installer, but it can still read and
// check its configuration against its own schema: a typo there would only show on a tag.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');

describe('electron-builder.yml', () => {
  it('is valid for the electron-builder in the lockfile, signs when told, and never forces it', async () => {
    const config = await getConfig(process.cwd(), null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.forceCodeSigning).toBe(false);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true });
    // Secrets come from the environment only.
    expect(JSON.stringify(config)).not.toMatch(/CSC_LINK|password|APPLE_ID/i);
  });
});
