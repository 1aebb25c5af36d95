import { protocol } from 'electron';
import { securityHeaders } from './security/csp';
import { APP_SCHEME } from './security/navigation-policy';
import { readStatic } from './web/static-files';

/** Must run before app is ready: mxray:// behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serve the built renderer as mxray://app/…, with the production CSP on every response. */
export function serveRenderer(
  rendererDir: string,
  pages?: (path: string) => Promise<{ body: string; headers: Record<string, string> } | null>,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const pathname = new URL(request.url).pathname;
    const page = await pages?.(pathname);
    if (page) return new Response(page.body, { headers: page.headers });
    const file = await readStatic(rendererDir, pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': file.type, ...securityHeaders() },
    });
  });
}
