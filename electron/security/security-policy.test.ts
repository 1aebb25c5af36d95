import { describe, expect, it } from 'vitest';
import { explanationPages } from '../../shared/reply-explanations';
import { menuTemplate } from '../menu-template';
import { mainWindowOptions } from '../window-options';
import { contentSecurityPolicy } from './csp';
import { isAppUrl, isSafeExternalUrl } from './navigation-policy';

describe('main window', () => {
  it('isolates the renderer from Node and keeps web security on', () => {
    const { webPreferences } = mainWindowOptions('/app/dist/preload.cjs', false, true);
    expect(webPreferences).toMatchObject({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('offers DevTools and reload only to developers, never in a packaged build', () => {
    expect(mainWindowOptions('/p', false, false).webPreferences?.devTools).toBe(true);
    const roles = (packaged: boolean) =>
      JSON.stringify(menuTemplate({ isMac: false, packaged, openWindow: () => {} }));
    expect(roles(true)).not.toMatch(/toggleDevTools|"reload"|forceReload/);
    expect(roles(false)).toMatch(/toggleDevTools/);
    for (const isMac of [true, false]) {
      const menu = JSON.stringify(menuTemplate({ isMac, packaged: true, openWindow: () => {} }));
      expect(menu).toContain('"id":"new-window"');
      expect(menu).not.toContain('viewMenu'); // Electron's stock View menu includes DevTools
    }
  });
});

describe('content security policy', () => {
  it('allows only our own scripts in production', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/\*/);
  });

  it('relaxes only for the Vite dev server in development', () => {
    const csp = contentSecurityPolicy({ devServer: 'http://localhost:5173' });
    expect(csp).toContain("script-src 'self' 'unsafe-inline' http://localhost:5173");
    expect(csp).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('navigation policy', () => {
  it('keeps windows on the app', () => {
    expect(isAppUrl('mxray://app/index.html')).toBe(true);
    expect(isAppUrl('mxray://app')).toBe(true);
    expect(isAppUrl('mxray://other/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
  });

  it('opens only allowlisted https documentation externally', () => {
    expect(isSafeExternalUrl('https://www.rfc-editor.org/rfc/rfc5321')).toBe(true);
    expect(isSafeExternalUrl('http://www.rfc-editor.org/rfc/rfc5321')).toBe(false);
    expect(isSafeExternalUrl('https://evil.example/')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('https://user@www.rfc-editor.org/rfc/rfc5321')).toBe(false);
    // Only the documentation paths, not the whole host, nor any of github.com.
    expect(isSafeExternalUrl('https://datatracker.ietf.org/doc/html/rfc8314')).toBe(true);
    expect(isSafeExternalUrl('https://datatracker.ietf.org/accounts/login/')).toBe(false);
    expect(isSafeExternalUrl('https://www.rfc-editor.org/rfc/../search')).toBe(false);
    expect(isSafeExternalUrl('https://www.rfc-editor.org:8443/rfc/rfc5321')).toBe(false);
    expect(isSafeExternalUrl('https://github.com/evil/repo/releases/download/x.exe')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
  });

  it("opens a refusal's explanation links: its provider's page and a list's delisting page, exactly", () => {
    expect(isSafeExternalUrl('https://support.google.com/a/answer/3726730')).toBe(true);
    expect(isSafeExternalUrl('https://www.postfix.org/postconf.5.html#reject_rbl_client')).toBe(
      true,
    );
    expect(isSafeExternalUrl('https://check.spamhaus.org/')).toBe(true);
    expect(isSafeExternalUrl('https://support.google.com/a/answer/1')).toBe(false);
    expect(isSafeExternalUrl('https://check.spamhaus.org/?next=https://evil.example/')).toBe(false);
    for (const page of explanationPages()) expect(page).toMatch(/^https:\/\//);
  });
});
