import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { expect, test } from './fixtures';

/** Another local web server, as a dev tool or any program on this computer might run. */
async function startNeighbour() {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>neighbour</title><p>another local server</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, seen, close: () => new Promise((r) => server.close(r)) };
}

/** Replay a request's headers to MXray's socket, as a script on that server would. */
function replaySocket(mxrayPort: number, headers: IncomingHttpHeaders, protocols?: string[]) {
  const replayed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (['host', 'connection', 'upgrade'].includes(name) || name.startsWith('sec-websocket'))
      continue;
    if (value !== undefined) replayed[name] = String(value);
  }
  return new Promise<'open' | number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${mxrayPort}/rpc`, protocols, { headers: replayed });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

test.describe('the web bridge, seen from another local server', () => {
  test('a page on another 127.0.0.1 port gets nothing that opens MXray', async ({ app }) => {
    const printed = app.printedUrl();
    test.skip(printed === null, 'the Electron app has no web bridge');
    const { page } = app;
    const token = /#token=(\S+)$/.exec(printed as string)?.[1] as string;
    const mxrayPort = Number(new URL(printed as string).port);
    await expect(page.getByTestId('connection-badge')).toHaveText(/Connected/);
    // The token left the address bar (and so history and copied links) once the tab took it.
    expect(page.url()).not.toContain(token);

    const neighbour = await startNeighbour();
    try {
      // The same tab and a new one in the same browser both visit the other server.
      const other = await page.context().newPage();
      await other.goto(`http://127.0.0.1:${neighbour.port}/from-new-tab`);
      await page.goto(`http://127.0.0.1:${neighbour.port}/from-mxray-tab`);
      // Its own script tries the socket from there, with everything a page can muster.
      // (A string: the e2e code's own `WebSocket` is the ws package, not the page's.)
      const fromPage = await other.evaluate(`new Promise((resolve) => {
        const ws = new WebSocket('ws://127.0.0.1:${mxrayPort}/rpc', ['mxray']);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      })`);
      expect(fromPage).toBe('refused');
      const storage = await other.evaluate(() => JSON.stringify({ ...sessionStorage }));
      expect(storage).not.toContain(token);

      expect(neighbour.seen.length).toBeGreaterThanOrEqual(2);
      for (const request of neighbour.seen) {
        expect(JSON.stringify(request)).not.toContain(token);
        // Replaying what it saw, with or without the plain protocol name, is refused.
        expect(await replaySocket(mxrayPort, request.headers)).toBe(403);
        expect(await replaySocket(mxrayPort, request.headers, ['mxray'])).toBe(403);
      }

      // Back on MXray's own address (no token in it now), the tab still has its key.
      await page.goto(`http://127.0.0.1:${mxrayPort}/#/send`);
      await expect(page.getByTestId('connection-badge')).toHaveText(/Connected/);
      // A fresh tab without the printed URL has no key, and says how to get one.
      await other.goto(`http://127.0.0.1:${mxrayPort}/`);
      await expect(
        other.getByRole('heading', { name: 'This tab has no key to MXray' }),
      ).toBeVisible();
      await other.screenshot({ path: 'test-results/screenshots/no-key-web.png' });
      // A key MXray does not take (an earlier run's) says so, and is forgotten.
      await other.goto('about:blank');
      await other.goto(`http://127.0.0.1:${mxrayPort}/#token=${'x'.repeat(32)}`);
      await expect(
        other.getByRole('heading', { name: 'MXray did not take this tab’s key' }),
      ).toBeVisible();
      expect(await other.evaluate(() => sessionStorage.getItem('mxray.token'))).toBeNull();
    } finally {
      await neighbour.close();
    }
  });
});
