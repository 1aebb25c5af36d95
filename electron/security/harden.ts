import { type App, type Session, shell } from 'electron';
import { isAppUrl, isSafeExternalUrl } from './navigation-policy';

/** Writing to the clipboard (Copy, Copy as swaks) is the one thing a page may do; never reading it. */
const allowed = new Set(['clipboard-sanitized-write']);

/**
 * No page in MXray gets camera, notifications-by-prompt, geolocation or anything else, nor any
 * device: WebHID, WebUSB and Web Serial are refused, and their pickers choose nothing.
 */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(allowed.has(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => allowed.has(permission));
  session.setDevicePermissionHandler(() => false);
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
}

/**
 * Every web contents stays on the app: navigation elsewhere is blocked, window.open is
 * denied (documentation links on an allowlist open in the user's browser), no webviews.
 */
export function confineContents(app: App, devServer?: string): void {
  app.on('web-contents-created', (_event, contents) => {
    const blockForeign = (event: { preventDefault(): void }, url: string) => {
      if (!isAppUrl(url, devServer)) event.preventDefault();
    };
    contents.on('will-navigate', blockForeign);
    contents.on('will-redirect', blockForeign);
    // Frames too: a link clicked inside a mail's HTML (the sandbox inbox) goes nowhere.
    contents.on('will-frame-navigate', (details) => {
      if (!isAppUrl(details.url, devServer)) details.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Web Bluetooth's picker: choose nothing.
    contents.on('select-bluetooth-device', (event, _devices, callback) => {
      event.preventDefault();
      callback('');
    });
    contents.setWindowOpenHandler(({ url }) => {
      // The parsed, normalised form goes out: what was checked is what opens.
      if (isSafeExternalUrl(url)) void shell.openExternal(new URL(url).href);
      return { action: 'deny' };
    });
  });
}
