import { describe, expect, it, vi } from 'vitest';
import { settingsDefaults } from '../../shared/settings';
import type { Sender } from './sender';
import { createRpcServer, type Handlers } from './server';
import { UserError } from './user-error';

const trusted: Sender = { transport: 'ipc', id: '1', origin: 'mxray://app' };
const stranger: Sender = { transport: 'ipc', id: '99', origin: 'https://evil.example' };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': vi.fn(),
    'settings.get': vi.fn(() => ({ ...settingsDefaults, dnsServers: [] })),
    'settings.set': vi.fn((patch) => ({ ...settingsDefaults, dnsServers: [], ...patch })),
    ...overrides,
  } as Handlers;
}

const server = (h: Handlers, logError = vi.fn()) =>
  createRpcServer({ handlers: h, isTrusted: (s) => s.id === '1', logError });

describe('rpc server', () => {
  it('passes a valid, trusted call to its handler and returns the value', async () => {
    const h = handlers();
    const result = await server(h).handle('settings.set', { heloName: 'mx.example.com' }, trusted);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ heloName: 'mx.example.com' }),
    });
    expect(h['settings.set']).toHaveBeenCalledWith({ heloName: 'mx.example.com' }, trusted);
  });

  it('rejects an invalid payload with field-level issues and never runs the handler', async () => {
    const h = handlers();
    const result = await server(h).handle(
      'settings.set',
      { heloName: 'bad\r\nname', bogus: 1 },
      trusted,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('invalid-request');
    expect(result.error.message).toMatch(/^Invalid settings\.set: /);
    expect(result.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['heloName']));
    expect(result.error.message).toMatch(/bogus/);
    expect(h['settings.set']).not.toHaveBeenCalled();
  });

  it('rejects an untrusted sender before looking at the payload', async () => {
    const h = handlers();
    const result = await server(h).handle('settings.get', {}, stranger);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'untrusted-sender' }),
    });
    expect(h['settings.get']).not.toHaveBeenCalled();
  });

  it('names an unknown channel', async () => {
    const result = await server(handlers()).handle('settings.delete', {}, trusted);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'unknown-channel', message: 'Unknown request "settings.delete".' },
    });
  });

  it('returns an AppError message as is, and logs unexpected exceptions for developers', async () => {
    const logError = vi.fn();
    const failing = handlers({
      'settings.get': () => {
        throw new UserError('storage', 'The settings file is locked by another MXray.');
      },
      'app.info': () => {
        throw new TypeError('x is undefined');
      },
    });
    const s = server(failing, logError);
    expect(await s.handle('settings.get', {}, trusted)).toEqual({
      ok: false,
      error: { kind: 'storage', message: 'The settings file is locked by another MXray.' },
    });
    expect(logError).not.toHaveBeenCalled();
    const crash = await s.handle('app.info', {}, trusted);
    expect(crash).toEqual({
      ok: false,
      error: {
        kind: 'internal',
        message:
          'app.info failed: an internal error in MXray (its details are in the log of the main process).',
      },
    });
    expect(logError).toHaveBeenCalledWith('MXray: app.info failed', expect.any(TypeError));
  });
});
