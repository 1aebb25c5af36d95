import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';

export interface UpgradeOptions {
  /** SNI and the name the certificate is checked against; null for an IP address. */
  servername: string | null;
  /** The address connected to: without a name, the certificate must list this IP. */
  host: string;
  /** Extra certificate authorities, added to the usual roots (private CAs, tests). */
  ca?: string | Buffer | (string | Buffer)[];
}

/** The upgrade for a session to `host`: SNI and the name to match are the MX host name, never an IP. */
export function upgradeOptions(to: {
  host: string;
  servername?: string | null;
  ca?: UpgradeOptions['ca'];
}): UpgradeOptions {
  const servername = to.servername ?? (net.isIP(to.host) ? null : to.host);
  return { servername, host: to.host, ca: to.ca };
}

/** Extra certificate authorities on top of Node's roots, as `tls` options want them. */
export function withRoots(ca: UpgradeOptions['ca']): (string | Buffer)[] | undefined {
  return ca ? [...tls.rootCertificates, ...[ca].flat()] : undefined;
}

/**
 * Hand a plain socket (after STARTTLS's 220) to TLS. The certificate is never refused here:
 * the session verifies it itself, to report the result instead of failing. `done` is called
 * once, with the error when the handshake did not finish.
 */
export function upgradeToTls(
  plain: Socket,
  options: UpgradeOptions,
  done: (secure: TLSSocket, error: Error | null) => void,
): TLSSocket {
  plain.removeAllListeners('data');
  plain.removeAllListeners('close');
  plain.removeAllListeners('error');
  const secure = tls.connect({
    socket: plain,
    // Without `host`, Node checks a nameless connection's certificate against "localhost".
    host: options.host,
    servername: options.servername ?? undefined,
    rejectUnauthorized: false,
    ca: withRoots(options.ca),
  });
  const end = (error: Error | null) => {
    secure.removeAllListeners('secureConnect');
    secure.removeAllListeners('error');
    secure.removeAllListeners('close');
    done(secure, error);
  };
  secure.once('secureConnect', () => end(null));
  secure.once('error', (error) => end(error));
  secure.once('close', () => end(new Error('the server closed the connection')));
  return secure;
}
