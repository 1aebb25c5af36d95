/**
 * A browser tab without a key that opens MXray: opened without the token the printed URL
 * carries (a bookmark, a typed address), or holding one MXray refused (an earlier run's, or
 * MXray has stopped). Nothing else can work, so say how to get in.
 */
export function NoKey({ reason }: { reason: 'none' | 'refused' }) {
  return (
    <main className="no-key">
      <h1>
        {reason === 'none' ? 'This tab has no key to MXray' : 'MXray did not take this tab’s key'}
      </h1>
      {reason === 'refused' && (
        <p>
          Each run of MXray makes a new key, so this tab’s is from an earlier one — or MXray is no
          longer running.
        </p>
      )}
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
