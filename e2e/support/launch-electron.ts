import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ElectronApplication, _electron as electron } from '@playwright/test';
import type { AppHandle } from './app-handle';

async function start(binary: string, dataDir: string) {
  const app = await electron.launch({
    executablePath: binary,
    // Chromium refuses to run its sandbox as root (CI containers); a user's desktop is not root.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), path.resolve('.')],
    env: { ...process.env, MXRAY_DATA_DIR: dataDir },
  });
  const page = await app.firstWindow();
  await page.setViewportSize({ width: 1280, height: 800 });
  return { app, page };
}

export async function launchElectron(binary: string, dataDir: string): Promise<AppHandle> {
  let current: { app: ElectronApplication; page: Awaited<ReturnType<typeof start>>['page'] } =
    await start(binary, dataDir);
  const handle: AppHandle = {
    page: current.page,
    printedUrl: () => null,
    async restart() {
      await current.app.close();
      current = await start(binary, dataDir);
      handle.page = current.page;
      return current.page;
    },
    async openSecondWindow() {
      // The real File > New Window menu item, as a user would pick it.
      const opened = current.app.waitForEvent('window');
      await current.app.evaluate(({ Menu }) =>
        Menu.getApplicationMenu()?.getMenuItemById('new-window')?.click(),
      );
      return opened;
    },
    close: () => current.app.close(),
    readClipboard: () => current.app.evaluate(({ clipboard }) => clipboard.readText()),
    async download(trigger) {
      // Electron would ask where to save: the test names the place instead.
      const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-e2e-download-'));
      const saved = current.app.evaluate(
        ({ session }, folder) =>
          new Promise<string>((resolve) => {
            session.defaultSession.once('will-download', (_event, item) => {
              const file = `${folder}/${item.getFilename()}`;
              item.setSavePath(file);
              item.once('done', () => resolve(file));
            });
          }),
        dir,
      );
      await trigger();
      const file = await saved;
      return { name: path.basename(file), content: await readFile(file) };
    },
  };
  return handle;
}
