import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SendRequest, type SendRequestInput } from '../../../shared/send';
import type { Mode } from '../../../shared/settings';
import type { Routing } from '../../dns/routing';
import { createOutbox } from '../../queue/create-outbox';
import type { Delivery } from '../../queue/delivery-state';
import type { Outbox } from '../../queue/outbox';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../queue/retry-policy';
import { InboxStore } from '../inbox-store';
import { sandboxRouting } from '../mode-policy';
import { Sandbox } from '../sandbox';

export interface SandboxLab {
  sandbox: Sandbox;
  inbox: InboxStore;
  routing: Routing;
  /** An in-memory outbox that delivers through the sandbox, as the app's does. */
  outbox(policy?: Partial<RetryPolicy>): Outbox;
  close(): Promise<void>;
}

/** The real sandbox, its inbox in a temporary folder, and sandbox-mode routing. */
export async function startSandboxLab(
  options: { mode?: Mode; random?: () => number } = {},
): Promise<SandboxLab> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-sandbox-'));
  const inbox = await InboxStore.open(path.join(dir, 'inbox'));
  const sandbox = await Sandbox.start({ inbox, random: options.random });
  const routing = sandboxRouting(sandbox, () => options.mode ?? 'sandbox');
  return {
    sandbox,
    inbox,
    routing,
    outbox: (policy = {}) =>
      createOutbox({ routing: () => routing, policy: { ...DEFAULT_RETRY_POLICY, ...policy } }),
    close: async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A direct-delivery request to sandbox recipients, STARTTLS when offered. */
export function sandboxRequest(
  to: string[],
  session: Partial<SendRequestInput['session']> = {},
  message: Partial<SendRequestInput['message']> = {},
): SendRequest {
  return SendRequest.parse({
    envelope: { mailFrom: 'dev@mxray.test', rcptTo: to },
    message: {
      from: 'dev@mxray.test',
      to,
      subject: 'Sandbox test',
      text: 'Hello sandbox',
      ...message,
    },
    route: { kind: 'mx' },
    session: { helo: 'dev.mxray.test', timeoutSeconds: 5, ...session },
  } satisfies SendRequestInput);
}

/** Enqueue, wait until every delivery is final, and hand back the one delivery. */
export async function deliverOnce(box: Outbox, request: SendRequest): Promise<Delivery> {
  const [delivery] = await box.enqueue(request);
  if (!delivery) throw new Error('no delivery');
  await box.settled();
  return delivery;
}
