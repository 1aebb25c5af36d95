import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options. Kept apart from window.ts so a test can assert the security
 * settings without an Electron binary.
 */
export function mainWindowOptions(
  preload: string,
  dark: boolean,
  packaged: boolean,
): BrowserWindowConstructorOptions {
  return {
    width: 1320,
    height: 860,
    minWidth: 920,
    minHeight: 580,
    show: false,
    title: 'MXray',
    backgroundColor: dark ? '#15181d' : '#f6f7f9',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Developers get DevTools; a packaged build has none to open (the menu offers none).
      devTools: !packaged,
    },
  };
}
