import type { z } from 'zod';
import {
  isRequestChannel,
  type ParsedRequestOf,
  type RequestChannel,
  type ResponseOf,
  requests,
} from '../../shared/contract';
import type { RpcError, RpcResult } from '../../shared/rpc';
import { StoreError } from '../store/store-error';
import type { Sender, TrustPolicy } from './sender';
import { UserError } from './user-error';

export type Handlers = {
  [C in RequestChannel]: (
    payload: ParsedRequestOf<C>,
    sender: Sender,
  ) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

export interface RpcServer {
  /** Never throws: every failure comes back as an RpcError value. */
  handle(channel: string, payload: unknown, sender: Sender): Promise<RpcResult<unknown>>;
}

export interface RpcServerOptions {
  handlers: Handlers;
  isTrusted: TrustPolicy;
  /** Where unexpected handler exceptions go (a developer must see them). */
  logError?: (message: string, error: unknown) => void;
}

const fail = (error: RpcError): RpcResult<never> => ({ ok: false, error });

function describeIssues(issues: z.core.$ZodIssue[]) {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(payload)',
    message: issue.message,
  }));
}

/**
 * Binds the contract to handlers. The one wrapper every call passes through:
 * sender trust first, then the channel, then payload validation; a handler only ever
 * sees a trusted, parsed payload.
 */
export function createRpcServer({
  handlers,
  isTrusted,
  logError = (m, e) => console.error(m, e),
}: RpcServerOptions): RpcServer {
  return {
    async handle(channel, payload, sender) {
      if (!isTrusted(sender)) {
        return fail({
          kind: 'untrusted-sender',
          message: `Refused ${channel}: the request did not come from an MXray window.`,
        });
      }
      if (!isRequestChannel(channel)) {
        return fail({ kind: 'unknown-channel', message: `Unknown request "${channel}".` });
      }
      const spec = requests[channel];
      const parsed = spec.request.safeParse(payload ?? {});
      if (!parsed.success) {
        const issues = describeIssues(parsed.error.issues);
        return fail({
          kind: 'invalid-request',
          message: `Invalid ${channel}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues,
        });
      }
      const handler = handlers[channel] as (p: unknown, s: Sender) => unknown;
      try {
        return { ok: true, value: await handler(parsed.data, sender) };
      } catch (error) {
        // Bad input, a policy's refusal and a store that refuses writes are said as they are.
        if (error instanceof UserError)
          return fail({ kind: error.kind, message: error.message, issues: error.issues });
        if (error instanceof StoreError) return fail({ kind: 'storage', message: error.message });
        logError(`MXray: ${channel} failed`, error);
        return fail({
          kind: 'internal',
          message: `${channel} failed: an internal error in MXray (its details are in the log of the main process).`,
        });
      }
    },
  };
}
