import path from 'node:path';
import { defaultDataDir } from '../app/data-dir';
import { createServices } from '../app/services';
import { startBridge } from '../web/bridge-server';
import { parseCommandArgs, parsePort } from './parse';

export const webHelp = `Usage: mxray web [--port N] [--data-dir DIR]

Serve the MXray desktop UI to a local browser, on 127.0.0.1 only.
The printed URL carries a token made for this run; requests without it are refused.

Options:
  --port N          port to listen on (default: a free one)
  --data-dir DIR    where settings and the outbox live (default: ${defaultDataDir()})
  -h, --help        show this help`;

export async function runWeb(args: string[], rendererDir: string): Promise<number> {
  const { values } = parseCommandArgs('web', args, {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (values.help) {
    console.log(webHelp);
    return 0;
  }
  const port = parsePort('web', values.port as string | undefined, 0);
  const dataDir = values['data-dir'] ? path.resolve(String(values['data-dir'])) : defaultDataDir();
  const services = await createServices({ dataDir, runtime: 'web' });
  const bridge = await startBridge({
    rendererDir,
    handlers: services.handlers,
    hub: services.hub,
    pages: (path) => services.pages(path),
    port,
  });
  console.log(`MXray web UI: ${bridge.url}`);
  console.log(`Listening on 127.0.0.1:${bridge.port} only; data in ${dataDir}. Ctrl+C stops.`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await bridge.close();
  await services.close();
  return 0;
}
