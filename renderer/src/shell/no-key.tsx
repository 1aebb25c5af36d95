/**
 * A browser tab opened without the token the printed URL carries (a bookmark, a typed address,
 * or the URL of an earlier run). Nothing else can work, so say how to get in.
 */
export function NoKey() {
  return (
    <main className="no-key">
      <h1>This tab has no key to MXray</h1>
      <p>
        MXray's web UI opens only from the address that <code>mxray web</code> (or{' '}
        <code>npm start</code>) printed when it started: it ends with <code>#token=…</code>, a key
        made for that run. Open that address, or start MXray again and use the new one.
      </p>
      <p className="no-key-why">
        The key keeps other programs and web pages on this computer from driving MXray.
      </p>
    </main>
  );
}
