import path from 'node:path';
import { defaultDataDir } from '../app/data-dir';
import { createServices } from '../app/services';
import { FolderInUseError } from '../store/folder-lock';
import { StoreError } from '../store/store-error';
import { type Bridge, startBridge } from '../web/bridge-server';
import { launchPage, openInBrowser } from './open-browser';
import { parseCommandArgs, parsePort } from './parse';
import { UsageError } from './usage-error';

export const webHelp = `Usage: mxray web [--port N] [--data-dir DIR] [--open]

Serve the MXray desktop UI to a local browser, on 127.0.0.1 only.
The printed URL carries a token made for this run; requests without it are refused.

Options:
  --port N          port to listen on (default: a free one)
  --data-dir DIR    where settings and the outbox live (default: ${defaultDataDir()})
  --open            open the URL in your default browser too
  -h, --help        show this help`;

export async function runWeb(args: string[], rendererDir: string): Promise<number> {
  const { values } = parseCommandArgs('web', args, {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    open: { type: 'boolean' },
  });
  if (values.help) {
    console.log(webHelp);
    return 0;
  }
  const port = parsePort('web', values.port as string | undefined, 0);
  const dataDir = values['data-dir'] ? path.resolve(String(values['data-dir'])) : defaultDataDir();
  // A Ctrl+C in a terminal reaches a launcher (`npm start`) and this process alike; the
  // handlers are on from the start (a stop asked for while starting is a clean stop too) and
  // stay on until the end, so a second signal cannot kill a stop in progress.
  const stopAsked = new Promise<void>((resolve) => {
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
  });
  // The folder is taken and the port bound before the outbox is restored: a second MXray, or
  // a busy port, stops here with one line, having sent nothing.
  const services = await createServices({ dataDir, runtime: 'web' }).catch((error: unknown) => {
    if (error instanceof FolderInUseError) throw new UsageError(`web: ${error.message}`);
    if (error instanceof StoreError) throw new UsageError(`web: ${error.message}`);
    throw error;
  });
  let bridge: Bridge;
  try {
    bridge = await startBridge({
      rendererDir,
      handlers: services.handlers,
      hub: services.hub,
      pages: (path) => services.pages(path),
      port,
    });
  } catch (error) {
    await services.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(`web: port ${port} on 127.0.0.1 is in use; pick another --port`);
    throw error;
  }
  await services.start();
  console.log(`MXray web UI: ${bridge.url}`);
  console.log(`Listening on 127.0.0.1:${bridge.port} only; data in ${dataDir}. Ctrl+C stops.`);
  const page = values.open ? await launchPage(dataDir, bridge.url) : null;
  if (page) {
    const failed = await openInBrowser(page.file);
    console.log(
      failed
        ? `Could not open a browser (${failed}): open the URL above yourself.`
        : 'Opened it in your browser.',
    );
  }

  await stopAsked;
  await page?.remove();
  await bridge.close();
  await services.close();
  return 0;
}
