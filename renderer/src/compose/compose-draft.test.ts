import { describe, expect, it } from 'vitest';
import { Settings, settingsDefaults } from '../../../shared/settings';
import { addressOf, type ComposeDraft, checkDraft, newDraft, withEdit } from './compose-draft';

const settings = Settings.parse(settingsDefaults);
const draft = (patch: Partial<ComposeDraft> = {}): ComposeDraft => ({
  ...newDraft(settings),
  ...patch,
});
const errorsOf = (d: ComposeDraft) => {
  const checked = checkDraft(d, []);
  return 'errors' in checked ? checked.errors : {};
};

describe('the compose draft', () => {
  it('starts ready to send in the sandbox, and becomes a request with envelope and headers apart', () => {
    const checked = checkDraft(
      draft({ cc: 'bob@reject.sandbox.test', bcc: 'hidden@ok.sandbox.test', headers: 'X-Test: 1' }),
      [],
    );
    if (!('request' in checked)) throw new Error(JSON.stringify(checked.errors));
    expect(checked.request.envelope).toEqual({
      mailFrom: 'dev@mxray.example',
      rcptTo: ['you@failover.sandbox.test', 'bob@reject.sandbox.test', 'hidden@ok.sandbox.test'],
    });
    expect(checked.request.message).toMatchObject({
      from: 'Developer <dev@mxray.example>',
      to: ['you@failover.sandbox.test'],
      cc: ['bob@reject.sandbox.test'],
      headers: [{ name: 'X-Test', value: '1' }],
    });
    expect(checked.request.route).toEqual({ kind: 'mx', port: 25, dnsServers: [] });
    expect(checked.request.session.quitAfter).toBeNull();
  });

  it('refuses bad input field by field, before anything is sent', () => {
    expect(errorsOf(draft({ to: '' }))).toEqual({ to: 'Add at least one recipient' });
    expect(errorsOf(draft({ to: 'not-an-address' })).to).toBe(
      '"not-an-address" is not an address like name@example.com',
    );
    expect(errorsOf(draft({ to: 'you@example.com' })).to).toMatch(
      /^The sandbox delivers only to \*\.sandbox\.test/,
    );
    expect(errorsOf(draft({ from: 'nobody' })).from).toMatch(/^From must be an address/);
    expect(errorsOf(draft({ headers: 'X-A: b\n Bcc: evil@example.com' })).headers).toBe(
      'A header value cannot contain a line break; put each header on one line.',
    );
    expect(errorsOf(draft({ headers: 'NoColon' })).headers).toBe(
      '"NoColon" must look like Name: value',
    );
    expect(errorsOf(draft({ helo: 'bad helo' })).helo).toMatch(/^HELO name must be/);
    expect(errorsOf(draft({ route: 'relay', relayHost: '', relayPort: '99999' }))).toMatchObject({
      relayHost: 'Give the relay host, e.g. smtp.example.com',
      relayPort: 'Port must be a number from 1 to 65535',
    });
  });

  it('builds a relay request with AUTH, and a probe that stops after RCPT', () => {
    const relay = checkDraft(
      draft({
        route: 'relay',
        relayHost: 'smtp.example.com',
        to: 'a@example.com',
        authUser: 'me',
        authPass: 'pw',
        tls: 'require',
      }),
      [],
    );
    expect('request' in relay && relay.request.route).toEqual({
      kind: 'server',
      server: { host: 'smtp.example.com', port: 587 },
    });
    expect('request' in relay && relay.request.session.auth).toEqual({ user: 'me', pass: 'pw' });
    const probe = checkDraft(draft({ probeOnly: true }), []);
    expect('request' in probe && probe.request.session.quitAfter).toBe('rcpt');
  });

  it('reads the address out of a display name', () => {
    expect(addressOf('Dev <dev@mxray.example>')).toBe('dev@mxray.example');
    expect(addressOf('dev@mxray.example')).toBe('dev@mxray.example');
    expect(addressOf('Dev')).toBeNull();
  });

  it('picks implicit TLS for a relay on port 465, and STARTTLS again when the port or route changes', () => {
    let d = withEdit(draft(), 'route', 'relay');
    expect(d.tls).toBe('opportunistic');
    d = withEdit(d, 'relayPort', '465');
    expect(d.tls).toBe('implicit');
    const checked = checkDraft({ ...d, relayHost: 'smtp.example.com' }, []);
    if (!('request' in checked)) throw new Error(JSON.stringify(checked.errors));
    expect(checked.request.session.tls).toBe('implicit');
    expect(withEdit(d, 'relayPort', '587').tls).toBe('opportunistic');
    expect(withEdit(d, 'route', 'mx').tls).toBe('opportunistic');
    // A required TLS comes back required when the port moves off 465, one digit at a time.
    let strict = withEdit(
      withEdit(draft({ tls: 'require' }), 'route', 'relay'),
      'relayPort',
      '465',
    );
    expect(strict.tls).toBe('implicit');
    strict = withEdit(strict, 'relayPort', '46');
    expect(strict.tls).toBe('require');
    expect(withEdit(strict, 'relayPort', '465').tls).toBe('implicit');
    // TLS off stays off: the user said so.
    expect(withEdit({ ...d, tls: 'off', relayPort: '25' }, 'relayPort', '465').tls).toBe('off');
  });
});
