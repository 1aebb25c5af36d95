import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { createServices, type Services } from './app/services';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { installMenu } from './menu';
import { bindIpcTransport } from './rpc/ipc-transport';
import { createRpcServer } from './rpc/server';
import { confineContents, denyPermissions } from './security/harden';
import { isAppUrl } from './security/navigation-policy';
import { osSecretBox } from './store/secret-box';
import { createMainWindow } from './window';

/** Set by `npm run dev`: load the renderer from Vite with hot reload (and its relaxed CSP). */
const devServer = app.isPackaged ? undefined : process.env.MXRAY_DEV_SERVER_URL;

// Every renderer sandboxed, whatever a window's own options say (before the app is ready).
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  confineContents(app, devServer);
  void app.whenReady().then(start);
}

async function start() {
  const dataDir = process.env.MXRAY_DATA_DIR
    ? path.resolve(process.env.MXRAY_DATA_DIR)
    : app.getPath('userData');
  let services: Services;
  try {
    services = await createServices({
      dataDir,
      runtime: 'electron',
      // Relay passwords sealed with the OS keychain (DPAPI, Keychain, libsecret) where it has one.
      secretBox: osSecretBox(safeStorage),
      versions: {
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
      },
    });
  } catch (error) {
    // Another MXray (the CLI's web mode, say) owns the folder: say which, and stop.
    dialog.showErrorBox(
      'MXray cannot start',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(1);
    return;
  }
  denyPermissions(session.defaultSession);
  serveRenderer(path.join(__dirname, 'renderer'), (pathname) => services.pages(pathname));

  const windows = () => BrowserWindow.getAllWindows();
  const ownContents = () => windows().map((w) => w.webContents);
  const server = createRpcServer({
    handlers: services.handlers,
    // Only our own windows showing our own pages may call main.
    isTrusted: (sender) =>
      sender.transport === 'ipc' &&
      ownContents().some((c) => String(c.id) === sender.id) &&
      sender.origin !== null &&
      isAppUrl(sender.origin, devServer),
  });
  bindIpcTransport(ipcMain, server, services.hub, ownContents);

  const openWindow = () => createMainWindow(devServer);
  installMenu(openWindow);
  openWindow();

  app.on('second-instance', () => {
    const [first] = windows();
    if (first?.isMinimized()) first.restore();
    first?.focus();
  });
  app.on('activate', () => {
    if (windows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  await services.start();
  // Quitting waits (bounded, in services.close) for verdicts servers gave to reach the disk.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    void services.close().finally(() => app.quit());
  });
}
