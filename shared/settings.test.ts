import { describe, expect, it } from 'vitest';
import { Settings, SettingsPatch, settingsConflicts } from './settings';

const settings = (patch: Partial<Settings>) => Settings.parse({ ...patch });
const messageOf = (patch: Record<string, unknown>) =>
  SettingsPatch.safeParse(patch).error?.issues[0]?.message;

describe('settings that contradict each other', () => {
  it('refuses a first retry after the queue lifetime, said at the first retry', () => {
    expect(settingsConflicts(settings({ retryFirstSeconds: 5000, queueLifetimeHours: 1 }))).toEqual(
      [
        {
          path: 'retryFirstSeconds',
          message:
            'First retry (after 5,000 seconds) would come after the queue lifetime (1 hour, 3,600 seconds) has ended: make it shorter, or the lifetime longer',
        },
        {
          path: 'retryMaxBackoffSeconds',
          message:
            'Longest wait between retries (4,000 seconds) is shorter than the first retry (5,000 seconds)',
        },
      ],
    );
  });

  it('refuses more sessions per domain than the domain may grow to, or than there are in all', () => {
    const issues = settingsConflicts(settings({ perDomainConcurrency: 40, concurrency: 5 }));
    expect(issues).toEqual([
      {
        path: 'perDomainConcurrency',
        message:
          'Sessions per domain at first (40) cannot be more than sessions per domain at most (10)',
      },
      {
        path: 'perDomainConcurrencyMax',
        message:
          'Sessions per domain at most (10) cannot be more than sessions at once (5), which every domain shares',
      },
    ]);
  });

  it('finds nothing in the defaults, and only what a change takes part in', () => {
    expect(settingsConflicts(settings({}))).toEqual([]);
    const old = settings({ perDomainConcurrency: 40, perDomainConcurrencyMax: 40 });
    expect(settingsConflicts(old, ['mode'])).toEqual([]);
    expect(settingsConflicts(old, ['concurrency']).map((i) => i.path)).toEqual([
      'perDomainConcurrencyMax',
    ]);
  });
});

describe('settings wording', () => {
  it('says one second, one hour, one session, and thousands with separators', () => {
    expect(messageOf({ retryFirstSeconds: 0 })).toBe('First retry must be at least 1 second');
    expect(messageOf({ queueLifetimeHours: 0 })).toBe('Queue lifetime must be at least 1 hour');
    expect(messageOf({ concurrency: 0 })).toBe('Sessions at once must be at least 1 session');
    expect(messageOf({ retryFirstSeconds: 100_000 })).toBe(
      'First retry must be at most 86,400 seconds',
    );
  });
});

describe('the spamd setting', () => {
  it('defaults to empty (none configured), also for a settings file from before it existed', () => {
    expect(Settings.parse({}).spamd).toBe('');
    expect(Settings.parse({ mode: 'internet' }).spamd).toBe('');
  });

  it('takes host:port and [v6]:port, trimmed; refuses anything else with a sentence', () => {
    expect(SettingsPatch.parse({ spamd: ' 127.0.0.1:783 ' })).toEqual({ spamd: '127.0.0.1:783' });
    expect(SettingsPatch.parse({ spamd: '[::1]:783' })).toEqual({ spamd: '[::1]:783' });
    expect(SettingsPatch.parse({ spamd: 'spamd.example.net:11783' }).spamd).toBe(
      'spamd.example.net:11783',
    );
    expect(messageOf({ spamd: '127.0.0.1' })).toBe(
      'spamd must be host:port, like 127.0.0.1:783, not "127.0.0.1"',
    );
    expect(messageOf({ spamd: 'host:0' })).toBe("spamd's port must be from 1 to 65535, not 0");
    expect(messageOf({ spamd: 'bad host:783' })).toMatch(/^spamd must be host:port/);
  });
});
