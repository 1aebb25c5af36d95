import type { MenuItemConstructorOptions } from 'electron';

export const NEW_WINDOW_MENU_ID = 'new-window';

/**
 * The application menu. DevTools and reload are for developers: a packaged build leaves them
 * out (and window-options.ts turns DevTools off), so nobody pokes at a user's session with them.
 * Type-only import of electron: this builds under Node, for a test.
 */
export function menuTemplate(options: {
  isMac: boolean;
  packaged: boolean;
  openWindow: () => void;
}): MenuItemConstructorOptions[] {
  const { isMac, packaged, openWindow } = options;
  const develop: MenuItemConstructorOptions[] = packaged
    ? []
    : [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
      ];
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        {
          id: NEW_WINDOW_MENU_ID,
          label: 'New Window',
          accelerator: 'CmdOrCtrl+Shift+N',
          click: openWindow,
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...develop,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
