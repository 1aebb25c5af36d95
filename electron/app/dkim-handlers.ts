import type { DkimKeyStore } from '../message/dkim-key-store';
import { DkimError } from '../message/dkim-sign';
import type { Handlers } from '../rpc/server';
import { UserError } from '../rpc/user-error';

type DkimChannel = Extract<keyof Handlers, `dkim.${string}`>;

/** A DkimError is the user's to fix (a bad PEM, a taken selector): said as it is. */
export async function dkimUserFacing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DkimError) throw new UserError('bad-input', error.message);
    throw error;
  }
}

/** The key store behind the contract: public facts out, private keys never. */
export function dkimHandlers(keys: DkimKeyStore): Pick<Handlers, DkimChannel> {
  return {
    'dkim.keys.list': () => keys.list(),
    'dkim.keys.generate': (input) => dkimUserFacing(() => keys.generate(input)),
    'dkim.keys.import': (input) => dkimUserFacing(() => keys.import(input)),
    'dkim.keys.delete': async ({ id }) => ({ ok: await keys.delete(id) }),
  };
}
