import { describe, expect, it } from 'vitest';
import { Settings, settingsDefaults } from '../../../shared/settings';
import { checkDraft, errorsByField, rangeOf, sameDraft, toDraft } from './settings-draft';

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
      staggerSeconds: '-1',
      dnsServers: 'a b',
    });
    expect(result).toEqual({
      errors: {
        heloName: expect.stringMatching(/^HELO name must be a host name/),
        connectTimeoutSeconds: 'Connect timeout must be a number of seconds',
        staggerSeconds: 'Staggered connect must be 0 (off) or more',
        dnsServers: expect.stringMatching(/^DNS server must look like/),
      },
    });
  });
});

describe('settings draft: the spam filter', () => {
  it('starts empty (no spamd), and an empty box stays "not configured"', () => {
    expect(draft.spamd).toBe('');
    expect(checkDraft({ ...draft, spamd: '   ' })).toEqual({
      patch: expect.objectContaining({ spamd: '' }),
    });
  });

  it('takes host:port or [v6]:port, trimmed, and round-trips it', () => {
    const result = checkDraft({ ...draft, spamd: ' 127.0.0.1:783 ' });
    expect(result).toEqual({ patch: expect.objectContaining({ spamd: '127.0.0.1:783' }) });
    const v6 = Settings.parse({ spamd: '[::1]:11783' });
    expect(checkDraft(toDraft(v6))).toEqual({ patch: v6 });
  });

  it('refuses an address without a port, or a port out of range, next to the field', () => {
    expect(checkDraft({ ...draft, spamd: 'localhost' })).toEqual({
      errors: { spamd: 'spamd must be host:port, like 127.0.0.1:783, not "localhost"' },
    });
    expect(checkDraft({ ...draft, spamd: 'spam.example:70000' })).toEqual({
      errors: { spamd: "spamd's port must be from 1 to 65535, not 70000" },
    });
  });
});

describe('settings draft: timeouts, retries and concurrency', () => {
  const edited = {
    commandTimeoutSeconds: 90,
    staggerSeconds: 0.5,
    retryFirstSeconds: 60,
    retryMaxBackoffSeconds: 1800,
    queueLifetimeHours: 48,
    maxAttempts: 6,
    concurrency: 50,
    perDomainConcurrency: 4,
  };

  it('shows every stored number as text, and a null as an empty box', () => {
    expect(draft).toMatchObject({
      commandTimeoutSeconds: '',
      retryFirstSeconds: '300',
      retryMaxBackoffSeconds: '4000',
      queueLifetimeHours: '120',
      maxAttempts: '',
      concurrency: '20',
      perDomainConcurrency: '2',
    });
  });

  it('round-trips: settings → draft → patch → the same settings', () => {
    const settings = Settings.parse({ ...settingsDefaults, ...edited });
    const checked = checkDraft(toDraft(settings));
    expect(checked).toEqual({ patch: settings });
    if (!('patch' in checked)) return;
    expect(sameDraft(toDraft(Settings.parse(checked.patch)), toDraft(settings))).toBe(true);
  });

  it('parses typed text, spaces around it included', () => {
    const result = checkDraft({
      ...draft,
      commandTimeoutSeconds: ' 90 ',
      staggerSeconds: '0.5 ',
      retryFirstSeconds: '60',
      retryMaxBackoffSeconds: '1800',
      queueLifetimeHours: '48',
      maxAttempts: '6',
      concurrency: '50',
      perDomainConcurrency: ' 4',
    });
    expect(result).toEqual({ patch: expect.objectContaining(edited) });
  });

  it('an empty reply timeout or attempt limit is null: RFC defaults, retry until the lifetime ends', () => {
    const result = checkDraft({ ...draft, commandTimeoutSeconds: '  ', maxAttempts: '' });
    expect(result).toEqual({
      patch: expect.objectContaining({ commandTimeoutSeconds: null, maxAttempts: null }),
    });
  });

  it('an empty box that has no "none" meaning is refused, not read as 0', () => {
    expect(checkDraft({ ...draft, concurrency: '' })).toEqual({
      errors: { concurrency: 'Sessions at once must be a number of sessions' },
    });
  });

  it('keys each error by its field, in the schema’s own words', () => {
    const result = checkDraft({
      ...draft,
      commandTimeoutSeconds: '7200',
      retryFirstSeconds: '0',
      retryMaxBackoffSeconds: '2.5',
      queueLifetimeHours: '1000',
      maxAttempts: '0',
      concurrency: '501',
      perDomainConcurrency: '-1',
    });
    expect(result).toEqual({
      errors: {
        commandTimeoutSeconds: 'Reply timeout must be at most 3,600 seconds',
        retryFirstSeconds: 'First retry must be at least 1 second',
        retryMaxBackoffSeconds: 'Longest wait between retries must be a whole number of seconds',
        queueLifetimeHours: 'Queue lifetime must be at most 720 hours',
        maxAttempts: 'Attempts must be at least 1 try',
        concurrency: 'Sessions at once must be at most 500 sessions',
        perDomainConcurrency: 'Sessions per domain at first must be at least 1 session',
      },
    });
  });

  it('a non-number gets "<what> must be a number of <unit>", whatever Number() would make of it', () => {
    const result = checkDraft({
      ...draft,
      commandTimeoutSeconds: 'ten',
      retryFirstSeconds: '5m',
      retryMaxBackoffSeconds: '0x10',
      queueLifetimeHours: '1e3',
      maxAttempts: 'Infinity',
      concurrency: '1,000',
      perDomainConcurrency: 'two',
    });
    expect(result).toEqual({
      errors: {
        commandTimeoutSeconds: 'Reply timeout must be a number of seconds',
        retryFirstSeconds: 'First retry must be a number of seconds',
        retryMaxBackoffSeconds: 'Longest wait between retries must be a number of seconds',
        queueLifetimeHours: 'Queue lifetime must be a number of hours',
        maxAttempts: 'Attempts must be a number of tries',
        concurrency: 'Sessions at once must be a number of sessions',
        perDomainConcurrency: 'Sessions per domain at first must be a number of sessions',
      },
    });
  });

  it('words main’s generic "expected number" issues the same way', () => {
    expect(
      errorsByField([
        { path: 'maxAttempts', message: 'Invalid input: expected number, received string' },
        { path: 'concurrency', message: 'Sessions at once must be at least 1 session' },
      ]),
    ).toEqual({
      maxAttempts: 'Attempts must be a number of tries',
      concurrency: 'Sessions at once must be at least 1 session',
    });
  });

  it('reads each field’s bounds from the schema, for the hints', () => {
    expect(rangeOf('connectTimeoutSeconds')).toEqual({ min: 1, max: 600 });
    expect(rangeOf('commandTimeoutSeconds')).toEqual({ min: 1, max: 3600 });
    expect(rangeOf('queueLifetimeHours')).toEqual({ min: 1, max: 720 });
    expect(rangeOf('maxAttempts')).toEqual({ min: 1, max: 1000 });
    expect(rangeOf('perDomainConcurrency')).toEqual({ min: 1, max: 50 });
  });
});

describe('settings that contradict each other', () => {
  it('are refused next to the field, with the other one named', () => {
    expect(
      checkDraft({
        ...draft,
        retryFirstSeconds: '5000',
        queueLifetimeHours: '1',
        retryMaxBackoffSeconds: '6000',
        perDomainConcurrency: '40',
        perDomainConcurrencyMax: '10',
        concurrency: '5',
      }),
    ).toEqual({
      errors: {
        retryFirstSeconds: expect.stringMatching(
          /^First retry \(after 5,000 seconds\) would come after the queue lifetime \(1 hour/,
        ),
        perDomainConcurrency:
          'Sessions per domain at first (40) cannot be more than sessions per domain at most (10)',
        perDomainConcurrencyMax:
          'Sessions per domain at most (10) cannot be more than sessions at once (5), which every domain shares',
      },
    });
  });
});
