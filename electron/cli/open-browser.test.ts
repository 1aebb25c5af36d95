import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserLauncher, launchPage, openInBrowser } from './open-browser';

const url = 'http://127.0.0.1:4242/?token=a&b';

describe('browserLauncher', () => {
  it('uses each platform’s own opener, keeping the URL whole', () => {
    expect(browserLauncher(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(browserLauncher(url, 'linux', { DISPLAY: ':0' })).toEqual({
      command: 'xdg-open',
      args: [url],
    });
    expect(browserLauncher(url, 'freebsd', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({
      command: 'xdg-open',
      args: [url],
    });
    const windows = browserLauncher(url, 'win32', {});
    expect(windows).toEqual({
      command: 'cmd.exe',
      args: ['/d', '/s', '/c', `start "" "${url}"`],
      verbatim: true,
    });
  });

  it('does not try a text browser in the terminal where there is no display', () => {
    expect(browserLauncher(url, 'linux', {})).toEqual({ unavailable: 'no display' });
  });
});

describe('openInBrowser', () => {
  it('says why, never throws, when the opener is missing or fails', async () => {
    expect(await openInBrowser(url, { command: 'mxray-no-such-opener', args: [url] })).toBe(
      'mxray-no-such-opener not found',
    );
    expect(await openInBrowser(url, { command: 'false', args: [] })).toBe('false exited with 1');
    expect(await openInBrowser(url, { command: 'true', args: [] })).toBeNull();
    expect(await openInBrowser(url, { unavailable: 'no display' })).toBe('no display');
  });
});

describe('launchPage', () => {
  it('keeps the URL in a 0600 page the opener is given instead, and removes it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-launch-'));
    const secret = 'http://127.0.0.1:4242/#token=abc</script>';
    const page = await launchPage(dir, secret);
    expect(page.file).not.toContain('token');
    const file = fileURLToPath(page.file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('location.replace("http://127.0.0.1:4242/#token=abc\\u003c/script>")');
    await page.remove();
    await expect(stat(file)).rejects.toThrow();
    await rm(dir, { recursive: true, force: true });
  });
});
