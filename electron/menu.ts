import { app, Menu } from 'electron';
import { menuTemplate } from './menu-template';

export function installMenu(openWindow: () => void): void {
  const template = menuTemplate({
    isMac: process.platform === 'darwin',
    packaged: app.isPackaged,
    openWindow,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
