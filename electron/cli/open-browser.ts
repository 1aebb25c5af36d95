import { spawn } from 'node:child_process';

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
