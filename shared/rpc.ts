import type { EventMessage, RequestChannel } from './contract';

/** What a handler refused, on purpose, with a sentence for the user (electron/rpc/user-error.ts). */
export type UserErrorKind =
  /** The request asked for something that cannot be: not a domain, a message that cannot be composed. */
  | 'bad-input'
  /** A policy said no: Sandbox mode and a real domain. */
  | 'refused'
  /** The disk would not take or give the data. */
  | 'storage';

export type RpcErrorKind =
  | 'invalid-request'
  | 'unknown-channel'
  | 'untrusted-sender'
  | UserErrorKind
  /** A bug in main: logged there, said here without its internals. */
  | 'internal'
  | 'transport-closed';

/** An error as a value: a kind to branch on and a sentence for a person. */
export interface RpcError {
  kind: RpcErrorKind;
  message: string;
  /** For invalid-request and bad-input: one entry per problem, as "field: what is wrong". */
  issues?: { path: string; message: string }[];
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Thrown by the client so callers can `await` and still see the kind. */
export class RpcCallError extends Error {
  readonly kind: RpcErrorKind;
  readonly issues: { path: string; message: string }[];
  constructor(error: RpcError) {
    super(error.message);
    this.name = 'RpcCallError';
    this.kind = error.kind;
    this.issues = error.issues ?? [];
  }
}

/** What one transport must do for the generic client. */
export interface ClientTransport {
  call(channel: RequestChannel, payload: unknown): Promise<RpcResult<unknown>>;
  onEvents(listener: (batch: EventMessage[]) => void): () => void;
}

/** WebSocket frames, in both directions. */
export type WsRequestFrame = { id: number; channel: string; payload: unknown };
export type WsServerFrame = { id: number; result: RpcResult<unknown> } | { events: EventMessage[] };

/** Electron IPC channel names, derived from the contract: never written by hand. */
export const ipcRequestChannel = (channel: RequestChannel) => `mxray:${channel}`;
export const IPC_EVENTS_CHANNEL = 'mxray:events';
