import { randomUUID } from 'node:crypto';
import type { SendInfo } from '../../shared/contract';
import type { SendRequest } from '../../shared/send';
import type { Routing } from '../dns/routing';
import type { EventHub } from '../rpc/event-hub';
import { UserError } from '../rpc/user-error';
import { CommandArgumentError } from '../smtp/commands';
import { MessageError } from '../smtp/message';
import type { DeliveryEvent, RunningSend } from './running-send';
import { startSend } from './start-send';

type Info = typeof SendInfo._zod.output;

/**
 * Sends started from the UI: each gets an id, its session events go to the event hub
 * tagged with that id, and it can be asked where it is or be cancelled until it ends.
 */
/** How many recent messages stay readable through send.message (the outbox will keep all). */
export const RECENT_MESSAGES = 100;

export class SendRegistry {
  private readonly running = new Map<string, RunningSend>();
  private readonly messages = new Map<string, { messageId: string; bytes: Buffer }>();

  constructor(
    private readonly hub: EventHub,
    /** How direct delivery finds routes right now (Settings → DNS, the sandbox, the mode). */
    private readonly routing: () => Routing = () => ({}),
  ) {}

  async start(request: SendRequest): Promise<{ id: string; messageId: string }> {
    const id = randomUUID();
    let send: RunningSend;
    try {
      send = await startSend(request, (event) => this.forward(id, event), this.routing());
    } catch (error) {
      if (error instanceof MessageError || error instanceof CommandArgumentError)
        throw new UserError('bad-input', error.message);
      throw error;
    }
    this.running.set(id, send);
    if (send.message) this.remember(id, send.messageId, send.message);
    void send.done.then(
      (report) => {
        this.running.delete(id);
        this.hub.emit('send.done', { id, report });
      },
      (error: unknown) => {
        this.running.delete(id);
        console.error('MXray: a send failed unexpectedly', error);
      },
    );
    return { id, messageId: send.messageId };
  }

  cancel(id: string): boolean {
    const send = this.running.get(id);
    send?.cancel();
    return send !== undefined;
  }

  info(id: string): Info | null {
    const info = this.running.get(id)?.info();
    return info ? { id, ...info } : null;
  }

  message(id: string): { messageId: string; size: number; base64: string } | null {
    const kept = this.messages.get(id);
    return kept
      ? {
          messageId: kept.messageId,
          size: kept.bytes.length,
          base64: kept.bytes.toString('base64'),
        }
      : null;
  }

  private remember(id: string, messageId: string, bytes: Buffer) {
    this.messages.set(id, { messageId, bytes });
    for (const oldest of this.messages.keys()) {
      if (this.messages.size <= RECENT_MESSAGES) break;
      this.messages.delete(oldest);
    }
  }

  /** A session event as a send.* event tagged with `id` (a send's, or an outbox delivery's). */
  forward(id: string, event: DeliveryEvent) {
    switch (event.type) {
      case 'transcript':
        return this.hub.emit('send.transcript', { id, line: event.line });
      case 'phase':
        return this.hub.emit('send.phase', { id, phase: event.phase, at: event.at });
      case 'timing':
        return this.hub.emit('send.timing', { id, timing: event.timing });
      case 'tls':
        return this.hub.emit('send.tls', { id, tls: event.tls });
      case 'route':
        return this.hub.emit('send.route', { id, route: event.route });
      case 'attempt':
        return this.hub.emit('send.attempt', { id, attempt: event.attempt });
      case 'done':
        return; // send.done carries the report, built once the attempt is over
    }
  }
}
