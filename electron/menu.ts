import { Menu, type MenuItemConstructorOptions } from 'electron';

export const NEW_WINDOW_MENU_ID = 'new-window';

export function installMenu(openWindow: () => void): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
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
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
