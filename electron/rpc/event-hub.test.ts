import { describe, expect, it } from 'vitest';
import { Settings } from '../../shared/settings';
import { createEventHub } from './event-hub';

const settings = Settings.parse({});

describe('event hub', () => {
  it('coalesces a flood of events into one batch per tick', async () => {
    const hub = createEventHub(20);
    const batches: number[] = [];
    hub.subscribe((batch) => batches.push(batch.length));
    for (let i = 0; i < 1000; i++)
      hub.emit('settings.changed', { ...settings, connectTimeoutSeconds: (i % 600) + 1 });
    expect(batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(batches).toEqual([1000]);
    hub.emit('settings.changed', settings);
    await new Promise((r) => setTimeout(r, 60));
    expect(batches).toEqual([1000, 1]);
  });

  it('keeps events in the order they were emitted', async () => {
    const hub = createEventHub(5);
    const seen: number[] = [];
    hub.subscribe((batch) => {
      for (const e of batch)
        if (e.name === 'settings.changed') seen.push(e.payload.connectTimeoutSeconds);
    });
    for (const n of [3, 1, 2])
      hub.emit('settings.changed', { ...settings, connectTimeoutSeconds: n });
    hub.flush();
    expect(seen).toEqual([3, 1, 2]);
  });

  it('refuses an event whose payload breaks the contract, where it is emitted', () => {
    const hub = createEventHub();
    expect(() => hub.emit('settings.changed', { ...settings, theme: 'purple' as 'dark' })).toThrow(
      /theme/,
    );
  });
});
