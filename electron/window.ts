import path from 'node:path';
import { app, BrowserWindow, nativeTheme } from 'electron';
import { APP_ORIGIN } from './security/navigation-policy';
import { mainWindowOptions } from './window-options';

export function createMainWindow(devServer?: string): BrowserWindow {
  const window = new BrowserWindow(
    mainWindowOptions(
      path.join(__dirname, 'preload.cjs'),
      nativeTheme.shouldUseDarkColors,
      app.isPackaged,
    ),
  );
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServer ?? `${APP_ORIGIN}/index.html`);
  return window;
}
