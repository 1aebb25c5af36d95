import type { SendRequest } from '../../shared/send';
import { type MessageIdentity, type PreparedSend, prepareSend } from '../delivery/prepare-send';
import type { DkimKeySource } from '../message/dkim-key-store';
import { StoreError } from '../store/store-error';
import { MessageReadError, type OutboxStore } from './outbox-store';

interface Loaded {
  users: number;
  request: Promise<SendRequest>;
  prepared: Promise<PreparedSend> | null;
}

/**
 * What a delivery's attempt needs of its message — the request and the composed bytes — read
 * from the store (or composed, on the message's first attempt, and stored before any session
 * uses them) once per message and shared by its deliveries while any of them runs; with a
 * store, dropped when the last one ends, so waiting mail holds no bodies in memory.
 * Without a store the outbox lives in memory and so does this.
 */
export class MessageLoader {
  private readonly loaded = new Map<string, Loaded>();

  constructor(
    private readonly store: OutboxStore | undefined,
    /** Where a message's DKIM key is found when it is composed (and signed). */
    private readonly dkimKeys?: DkimKeySource,
  ) {}

  /**
   * For one attempt; call release() when it ends. Rejects with MessageReadError when the
   * message cannot be read, StoreError when the composed bytes could not be stored, anything
   * else when composing failed.
   */
  async acquire(
    identity: MessageIdentity,
    held: SendRequest | null,
  ): Promise<{ request: SendRequest; prepared: PreparedSend }> {
    const { messageId } = identity;
    let item = this.loaded.get(messageId);
    if (!item) {
      item = {
        users: 0,
        request: held ? Promise.resolve(held) : this.read(messageId),
        prepared: null,
      };
      this.loaded.set(messageId, item);
    }
    item.users++;
    try {
      const request = await item.request;
      item.prepared ??= this.prepare(request, identity);
      return { request, prepared: await item.prepared };
    } catch (error) {
      // Tried afresh on the next attempt.
      if (this.loaded.get(messageId) === item) this.loaded.delete(messageId);
      throw error;
    }
  }

  release(messageId: string): void {
    const item = this.loaded.get(messageId);
    if (!item) return;
    item.users--;
    if (item.users <= 0 && this.store) this.loaded.delete(messageId);
  }

  /** The composed bytes, if the message has been composed. */
  async composed(messageId: string): Promise<Buffer | null> {
    const item = this.loaded.get(messageId);
    if (item?.prepared) return (await item.prepared).message;
    const stored = this.store?.message(messageId);
    return stored?.composed ? (this.store?.messageBytes(stored) ?? null) : null;
  }

  /** The request to show (its relay password left sealed), from memory or from the store. */
  request(messageId: string, held: SendRequest | null): Promise<SendRequest> {
    return held ? Promise.resolve(held) : this.read(messageId, false);
  }

  /** From the store; the relay password unsealed only for sending. */
  private read(messageId: string, password = true): Promise<SendRequest> {
    const stored = this.store?.message(messageId);
    if (!this.store || !stored)
      return Promise.reject(new MessageReadError(`message ${messageId} is not in the outbox`));
    return this.store.request(stored, { password });
  }

  /** Composed (and signed) once per message, and stored before any session uses the bytes. */
  private async prepare(request: SendRequest, identity: MessageIdentity): Promise<PreparedSend> {
    const { messageId } = identity;
    const stored = this.store?.message(messageId);
    if (this.store && stored?.composed)
      return { messageId, message: await this.store.messageBytes(stored) };
    const prepared = await prepareSend(request, identity, this.dkimKeys);
    try {
      await this.store?.saveComposed(messageId, prepared.message);
    } catch (error) {
      throw error instanceof StoreError ? error : new StoreError(String(error), error);
    }
    return prepared;
  }
}
