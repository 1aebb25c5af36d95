import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { AppHandle } from './app-handle';

/** Start `mxray web` as a user would, and wait for the URL it prints. */
async function startWebServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [path.resolve('dist/cli.cjs'), 'web', '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const match = /^MXray web UI: (\S+)$/.exec(line);
    if (match?.[1]) return { child, url: match[1] };
  }
  throw new Error(`mxray web exited (${child.exitCode}) before printing its URL`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function launchWeb(browser: Browser, dataDir: string): Promise<AppHandle> {
  let server = await startWebServer(dataDir);
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
    acceptDownloads: true,
  });
  const page: Page = await context.newPage();
  await page.goto(server.url);
  return {
    page,
    printedUrl: () => server.url,
    async restart() {
      await stop(server.child);
      server = await startWebServer(dataDir);
      await page.goto(server.url);
      return page;
    },
    async openSecondWindow() {
      const second = await context.newPage();
      await second.goto(server.url);
      return second;
    },
    async close() {
      await context.close();
      await stop(server.child);
    },
    // Runs in the page, where the clipboard API lives (the e2e tsconfig has no DOM types).
    readClipboard: () => page.evaluate('navigator.clipboard.readText()') as Promise<string>,
    async download(trigger) {
      const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
      const where = await file.path();
      return { name: file.suggestedFilename(), content: await readFile(where) };
    },
  };
}
