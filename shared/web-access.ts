/**
 * How a browser proves it is MXray's own window to the web bridge. The per-run token travels in
 * the URL's fragment (never sent over HTTP), is kept in the tab's sessionStorage, and is shown
 * to the bridge only as a WebSocket subprotocol and as per-page keys. No cookie carries it:
 * cookies are not scoped by port, so every other server on 127.0.0.1 would receive one.
 */
export const WS_PROTOCOL = 'mxray';
export const TOKEN_PROTOCOL_PREFIX = 'mxray-token.';

/** The subprotocols a client offers when it opens /rpc; the bridge answers with WS_PROTOCOL. */
export function wsProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** The URL `mxray web` prints: the token after '#', where the browser keeps it to itself. */
export function bridgeUrl(port: number, token: string): string {
  return `http://127.0.0.1:${port}/#token=${token}`;
}

/** The token a bridge URL (or its fragment) carries, or null. */
export function tokenOfUrl(url: string): string | null {
  return /#(?:.*&)?token=([A-Za-z0-9_-]+)/.exec(url)?.[1] ?? null;
}
