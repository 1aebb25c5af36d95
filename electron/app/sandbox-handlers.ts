import type { Handlers } from '../rpc/server';
import { UserError } from '../rpc/user-error';
import { type Sandbox, SandboxError } from '../sandbox/sandbox';

type SandboxChannel = Extract<keyof Handlers, `sandbox.${string}`>;

/** A SandboxError is the user's mistake (an unknown scenario, a bad knob): say it as it is. */
function userFacing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SandboxError)
      throw new UserError('bad-input', error.message, error.issues);
    throw error;
  }
}

export function sandboxHandlers(sandbox: Sandbox): Pick<Handlers, SandboxChannel> {
  const { inbox } = sandbox;
  return {
    'sandbox.info': () => sandbox.info(),
    'sandbox.setKnobs': ({ domain, knobs }) => userFacing(() => sandbox.setKnobs(domain, knobs)),
    'sandbox.resetKnobs': ({ domain }) => userFacing(() => sandbox.resetKnobs(domain)),
    'sandbox.inbox.list': () => inbox.list(),
    'sandbox.inbox.get': ({ id }) => inbox.get(id),
    'sandbox.inbox.delete': async ({ id }) => ({ ok: await inbox.delete(id) }),
    'sandbox.inbox.clear': async () => ({ deleted: await inbox.clear() }),
  };
}
