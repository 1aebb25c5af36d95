/** Who made a request, as the transport saw it. Trust is decided from this alone. */
export interface Sender {
  transport: 'ipc' | 'ws';
  /** webContents id (ipc) or connection number (ws). */
  id: string;
  /** Origin of the calling page (ipc: the sender frame's URL origin; ws: the Origin header). */
  origin: string | null;
}

export type TrustPolicy = (sender: Sender) => boolean;

export function originOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // Custom schemes (mxray://app) have an opaque origin in WHATWG URL; rebuild it.
    return parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return null;
  }
}
