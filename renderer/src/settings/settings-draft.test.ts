import { describe, expect, it } from 'vitest';
import { Settings } from '../../../shared/settings';
import { checkDraft, toDraft } from './settings-draft';

const draft = toDraft(Settings.parse({}));

describe('settings draft', () => {
  it('turns form text into a patch main accepts', () => {
    const result = checkDraft({
      ...draft,
      heloName: '  probe.example.net ',
      connectTimeoutSeconds: '45',
      dnsServers: '127.0.0.1:5353\n\n[::1]:53, 192.0.2.53',
    });
    expect(result).toEqual({
      patch: expect.objectContaining({
        heloName: 'probe.example.net',
        connectTimeoutSeconds: 45,
        dnsServers: ['127.0.0.1:5353', '[::1]:53', '192.0.2.53'],
      }),
    });
  });

  it('an empty HELO name means "this machine\'s host name"', () => {
    expect(checkDraft({ ...draft, heloName: '' })).toEqual({
      patch: expect.objectContaining({ heloName: null }),
    });
  });

  it('names each bad field with a sentence a user can act on', () => {
    const result = checkDraft({
      ...draft,
      heloName: 'no spaces please',
      connectTimeoutSeconds: 'soon',
      dnsServers: 'a b',
    });
    expect(result).toEqual({
      errors: {
        heloName: expect.stringMatching(/^HELO name must be a host name/),
        connectTimeoutSeconds: 'Connect timeout must be a number of seconds',
        dnsServers: expect.stringMatching(/^DNS server must look like/),
      },
    });
  });
});
