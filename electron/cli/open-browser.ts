import { spawn } from 'node:child_process';
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type BrowserLauncher =
  | { command: string; args: string[]; verbatim?: boolean }
  | { unavailable: string };

/**
 * How this platform opens a URL in the user's default browser, or why it cannot. On Linux
 * and the BSDs without a display, xdg-open would fall back to a text browser inside the very
 * terminal that prints the URL, so it is not tried there.
 */
export function browserLauncher(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): BrowserLauncher {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') {
    // `start` is a cmd built-in; the empty title and the quotes keep `&` in the URL whole.
    return { command: 'cmd.exe', args: ['/d', '/s', '/c', `start "" "${url}"`], verbatim: true };
  }
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { unavailable: 'no display' };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Open the URL in the default browser. Never throws: resolves null when the opener started
 * and exited cleanly, else the reason it did not (a missing opener, its exit code, a timeout).
 */
export function openInBrowser(
  url: string,
  launcher = browserLauncher(url),
): Promise<string | null> {
  if ('unavailable' in launcher) return Promise.resolve(launcher.unavailable);
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(launcher.command, launcher.args, {
        stdio: 'ignore',
        detached: process.platform !== 'win32',
        windowsHide: true,
        windowsVerbatimArguments: launcher.verbatim ?? false,
      });
    } catch (error) {
      resolve(`${launcher.command}: ${(error as Error).message}`);
      return;
    }
    // Openers hand the URL to a browser and exit; one that lingers is left running, not awaited.
    const timer = setTimeout(() => {
      child.unref();
      resolve(null);
    }, 5_000);
    timer.unref();
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ENOENT' ? `${launcher.command} not found` : error.message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : `${launcher.command} exited with ${code}`);
    });
  });
}

/**
 * A page of the user's own that sends the browser on to `url`. The opener gets this file's
 * path, not the URL: a command line is readable by every local user (/proc/PID/cmdline), and
 * the URL carries the key to MXray. The file is 0600 in the data folder; `remove` deletes it.
 */
export async function launchPage(
  folder: string,
  url: string,
): Promise<{ file: string; remove(): Promise<void> }> {
  const file = path.join(folder, 'open-mxray.html');
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  const html = `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Opening MXray…</title><script>location.replace(${target})</script><p>Opening MXray…</p>\n`;
  await unlink(file).catch(() => {});
  await writeFile(file, html, { mode: 0o600, flag: 'wx' });
  return { file: pathToFileURL(file).href, remove: () => unlink(file).catch(() => {}) };
}
