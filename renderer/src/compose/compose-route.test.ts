import { describe, expect, it } from 'vitest';
import { Settings, settingsDefaults } from '../../../shared/settings';
import { newDraft, withEdit } from './compose-draft';
import { followMode } from './compose-route';

const sandboxDraft = () => newDraft(Settings.parse(settingsDefaults));
const internetDraft = () => newDraft(Settings.parse({ ...settingsDefaults, mode: 'internet' }));

describe('the compose route follows the mode', () => {
  it('goes from Sandbox to Direct MX with Internet mode, and back', () => {
    const internet = followMode(sandboxDraft(), 'internet');
    expect(internet).toMatchObject({ route: 'mx', mode: 'internet' });
    expect(followMode(internet, 'sandbox')).toMatchObject({ route: 'sandbox', mode: 'sandbox' });
  });

  it('puts a relay off this machine away in Sandbox mode, and gives it back in Internet mode', () => {
    let draft = withEdit(internetDraft(), 'route', 'relay');
    draft = { ...draft, relayHost: 'smtp.example.com', relayPort: '465', authUser: 'me' };
    draft = withEdit(draft, 'relayPort', '465');
    expect(draft.tls).toBe('implicit');
    const sandbox = followMode(draft, 'sandbox');
    expect(sandbox).toMatchObject({ route: 'sandbox', tls: 'opportunistic' });
    expect(sandbox).toMatchObject({ relayHost: 'smtp.example.com', authUser: 'me' });
    expect(followMode(sandbox, 'internet')).toMatchObject({ route: 'relay', tls: 'implicit' });
  });

  it('keeps a relay on this machine in Sandbox mode, where it can still send', () => {
    const draft = { ...withEdit(internetDraft(), 'route', 'relay'), relayHost: '127.0.0.1' };
    expect(followMode(draft, 'sandbox').route).toBe('relay');
  });

  it("forgets a pick once the user goes back to the mode's own route", () => {
    let draft = withEdit(internetDraft(), 'route', 'relay');
    draft = withEdit(draft, 'route', 'mx');
    expect(draft.routePick).toBeNull();
    const there = followMode(followMode(draft, 'sandbox'), 'internet');
    expect(there.route).toBe('mx');
  });

  it('changes nothing when the mode is the same', () => {
    const draft = sandboxDraft();
    expect(followMode(draft, 'sandbox')).toBe(draft);
  });
});
