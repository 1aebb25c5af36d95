export interface CspOptions {
  /** Vite dev server origin, e.g. http://localhost:5173: allows its scripts, styles and HMR socket. */
  devServer?: string;
}

/**
 * The renderer's Content-Security-Policy. Production allows only our own files; React sets
 * styles through the CSSOM, which style-src does not restrict, so no 'unsafe-inline' is needed.
 */
export function contentSecurityPolicy({ devServer }: CspOptions = {}): string {
  const dev = devServer ? [devServer] : [];
  const devSocket = devServer ? [devServer.replace(/^http/, 'ws')] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'", ...(devServer ? ["'unsafe-inline'", ...dev] : [])],
    'style-src': ["'self'", ...(devServer ? ["'unsafe-inline'", ...dev] : [])],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...dev, ...devSocket],
    // The sandbox inbox shows a message's HTML as a document of its own (inbox-html.ts).
    'frame-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Headers served with every renderer response, in web mode and under the app protocol. */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
