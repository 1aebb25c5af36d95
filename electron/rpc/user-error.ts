import type { RpcError, UserErrorKind } from '../../shared/rpc';

/**
 * An error a handler raises on purpose: its sentence is for the user and crosses the boundary
 * with its kind ('bad-input', 'refused', 'storage'). rpc/server.ts maps it to the wire; any
 * other exception is a bug, logged in main and reported as "internal" without its internals.
 */
export class UserError extends Error {
  constructor(
    readonly kind: UserErrorKind,
    message: string,
    /** The problems by field ("retryFirstSeconds"), for a form to show next to each. */
    readonly issues: RpcError['issues'] = undefined,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
