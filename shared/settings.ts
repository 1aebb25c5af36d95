import { z } from 'zod';
import { counted } from './plural';
import { parseSpamdAddress } from './spamd-address';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** Sandbox: sandbox domains only, served by the embedded MX servers. Internet: real DNS and MX. */
export const Mode = z.enum(['sandbox', 'internet']);
export type Mode = z.infer<typeof Mode>;

/**
 * off: never TLS. opportunistic: STARTTLS when offered, else plaintext. require: STARTTLS or
 * nothing. implicit: TLS from the first byte (RFC 8314, port 465).
 */
export const TlsPolicy = z.enum(['off', 'opportunistic', 'require', 'implicit']);
/** The choices for direct MX delivery (and so the Settings default): STARTTLS or nothing. */
export const StartTlsPolicy = TlsPolicy.exclude(['implicit']);
export type TlsPolicy = z.infer<typeof TlsPolicy>;

const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const hostNamePattern = new RegExp(`^${label}(?:\\.${label})*$`);
const addressLiteralPattern = /^\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]+)\]$/;

/** What we announce in EHLO/HELO: a host name or an address literal (RFC 5321 §4.1.3). */
export const HeloName = z
  .string()
  .trim()
  .min(1, 'HELO name cannot be empty')
  .max(253, 'HELO name is longer than 253 characters')
  .refine((v) => hostNamePattern.test(v) || addressLiteralPattern.test(v), {
    message:
      'HELO name must be a host name such as mail.example.com or a literal such as [192.0.2.1]',
  });

/** A DNS server to ask instead of the system's: host or IP, optional port. */
export const DnsServer = z
  .string()
  .trim()
  .regex(
    /^(?:\[[0-9A-Fa-f:.]+\]|[0-9A-Za-z.-]+)(?::\d{1,5})?$/,
    'DNS server must look like 127.0.0.1, 127.0.0.1:5353 or [::1]:53',
  );

/** A SpamAssassin spamd as "host:port" (or "[v6]:port"); '' when none is configured. */
export const SpamdAddress = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (value === '') return;
    const parsed = parseSpamdAddress(value);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

const singular: Record<string, string> = {
  seconds: 'second',
  hours: 'hour',
  days: 'day',
  tries: 'try',
  sessions: 'session',
  deliveries: 'delivery',
};
/** "1 day", "30 days", "10,000 deliveries". */
const count = (n: number, unit: string) => counted(n, singular[unit] ?? unit, unit);

const whole = (what: string, min: number, max: number, unit: string) =>
  z
    .number(`${what} must be a number of ${unit}`)
    .int(`${what} must be a whole number of ${unit}`)
    .min(min, `${what} must be at least ${count(min, unit)}`)
    .max(max, `${what} must be at most ${count(max, unit)}`);

const fields = {
  theme: Theme,
  mode: Mode,
  /** null: use this machine's host name. */
  heloName: HeloName.nullable(),
  tlsPolicy: StartTlsPolicy,
  connectTimeoutSeconds: z
    .number()
    .int('Connect timeout must be a whole number of seconds')
    .min(1, 'Connect timeout must be at least 1 second')
    .max(600, 'Connect timeout must be at most 600 seconds'),
  dnsServers: z.array(DnsServer).max(8, 'At most 8 DNS servers'),
  /** An MX that has not greeted within this gets the next started beside it; 0: never. */
  staggerSeconds: z
    .number('Staggered connect must be a number of seconds')
    .min(0, 'Staggered connect must be 0 (off) or more')
    .max(60, 'Staggered connect must be at most 60 seconds'),
  /** The longest wait for any one reply; null: RFC 5321's per-phase defaults (5 min, 10 min…). */
  commandTimeoutSeconds: whole('Reply timeout', 1, 3600, 'seconds').nullable(),
  retryFirstSeconds: whole('First retry', 1, 86_400, 'seconds'),
  retryMaxBackoffSeconds: whole('Longest wait between retries', 1, 86_400, 'seconds'),
  queueLifetimeHours: whole('Queue lifetime', 1, 720, 'hours'),
  /** null: retry until the queue lifetime ends. */
  maxAttempts: whole('Attempts', 1, 1000, 'tries').nullable(),
  concurrency: whole('Sessions at once', 1, 500, 'sessions'),
  /** Sessions a domain (or relay) starts with; each session that goes well adds one. */
  perDomainConcurrency: whole('Sessions per domain at first', 1, 50, 'sessions'),
  /** The most a domain grows to; a 421 or "too many connections" halves it (Postfix's feedback). */
  perDomainConcurrencyMax: whole('Sessions per domain at most', 1, 100, 'sessions'),
  /** Finished mail older than this is removed with its files; null: kept whatever its age. */
  historyKeepDays: whole('Keep finished mail for', 1, 3650, 'days').nullable(),
  /** At most this many finished deliveries, the oldest removed first; null: no count limit. */
  historyKeepDeliveries: whole('Deliveries kept', 1, 1_000_000, 'deliveries').nullable(),
  /** Finished mail's bodies, attachments and transcripts within this; null: no size limit. */
  historyMaxMegabytes: whole('History size', 1, 1_000_000, 'MB').nullable(),
  /** The spamd the message report asks for a spam score; '': none, the report says so. */
  spamd: SpamdAddress,
};

export const settingsDefaults = {
  theme: 'system',
  mode: 'sandbox',
  heloName: null,
  tlsPolicy: 'opportunistic',
  connectTimeoutSeconds: 30,
  dnsServers: [],
  staggerSeconds: 2,
  commandTimeoutSeconds: null,
  retryFirstSeconds: 300,
  retryMaxBackoffSeconds: 4000,
  queueLifetimeHours: 120,
  maxAttempts: null,
  concurrency: 20,
  perDomainConcurrency: 2,
  perDomainConcurrencyMax: 10,
  historyKeepDays: 30,
  historyKeepDeliveries: 10_000,
  historyMaxMegabytes: 1024,
  spamd: '',
} as const satisfies { [K in keyof typeof fields]: z.input<(typeof fields)[K]> };

/** Stored settings: a field missing from an older file takes its default. */
export const Settings = z.object({
  theme: fields.theme.default(settingsDefaults.theme),
  mode: fields.mode.default(settingsDefaults.mode),
  heloName: fields.heloName.default(settingsDefaults.heloName),
  tlsPolicy: fields.tlsPolicy.default(settingsDefaults.tlsPolicy),
  connectTimeoutSeconds: fields.connectTimeoutSeconds.default(
    settingsDefaults.connectTimeoutSeconds,
  ),
  dnsServers: fields.dnsServers.default([]),
  staggerSeconds: fields.staggerSeconds.default(settingsDefaults.staggerSeconds),
  commandTimeoutSeconds: fields.commandTimeoutSeconds.default(null),
  retryFirstSeconds: fields.retryFirstSeconds.default(settingsDefaults.retryFirstSeconds),
  retryMaxBackoffSeconds: fields.retryMaxBackoffSeconds.default(
    settingsDefaults.retryMaxBackoffSeconds,
  ),
  queueLifetimeHours: fields.queueLifetimeHours.default(settingsDefaults.queueLifetimeHours),
  maxAttempts: fields.maxAttempts.default(null),
  concurrency: fields.concurrency.default(settingsDefaults.concurrency),
  perDomainConcurrency: fields.perDomainConcurrency.default(settingsDefaults.perDomainConcurrency),
  perDomainConcurrencyMax: fields.perDomainConcurrencyMax.default(
    settingsDefaults.perDomainConcurrencyMax,
  ),
  historyKeepDays: fields.historyKeepDays.default(settingsDefaults.historyKeepDays),
  historyKeepDeliveries: fields.historyKeepDeliveries.default(
    settingsDefaults.historyKeepDeliveries,
  ),
  historyMaxMegabytes: fields.historyMaxMegabytes.default(settingsDefaults.historyMaxMegabytes),
  spamd: fields.spamd.default(settingsDefaults.spamd),
});
export type Settings = z.infer<typeof Settings>;

/** A problem with one setting, as the form shows it next to that field. */
export interface SettingsIssue {
  path: keyof Settings;
  message: string;
}

const conflictRules: { fields: (keyof Settings)[]; problem(s: Settings): string | null }[] = [
  {
    fields: ['retryFirstSeconds', 'queueLifetimeHours'],
    problem: (s) =>
      s.retryFirstSeconds > s.queueLifetimeHours * 3600
        ? `First retry (after ${count(s.retryFirstSeconds, 'seconds')}) would come after the queue lifetime (${count(s.queueLifetimeHours, 'hours')}, ${count(s.queueLifetimeHours * 3600, 'seconds')}) has ended: make it shorter, or the lifetime longer`
        : null,
  },
  {
    fields: ['retryMaxBackoffSeconds', 'retryFirstSeconds'],
    problem: (s) =>
      s.retryMaxBackoffSeconds < s.retryFirstSeconds
        ? `Longest wait between retries (${count(s.retryMaxBackoffSeconds, 'seconds')}) is shorter than the first retry (${count(s.retryFirstSeconds, 'seconds')})`
        : null,
  },
  {
    fields: ['perDomainConcurrency', 'perDomainConcurrencyMax'],
    problem: (s) =>
      s.perDomainConcurrency > s.perDomainConcurrencyMax
        ? `Sessions per domain at first (${s.perDomainConcurrency}) cannot be more than sessions per domain at most (${s.perDomainConcurrencyMax})`
        : null,
  },
  {
    fields: ['perDomainConcurrencyMax', 'concurrency'],
    problem: (s) =>
      s.perDomainConcurrencyMax > s.concurrency
        ? `Sessions per domain at most (${s.perDomainConcurrencyMax}) cannot be more than sessions at once (${s.concurrency}), which every domain shares`
        : null,
  },
];

/**
 * What no single field can say: settings that contradict each other, each said at the first
 * field of its pair. Main and the form both ask. With `changed`, only the conflicts a change
 * takes part in: settings stored before a rule existed do not block an unrelated change.
 */
export function settingsConflicts(
  settings: Settings,
  changed?: readonly string[],
): SettingsIssue[] {
  return conflictRules.flatMap(({ fields, problem }) => {
    if (changed && !fields.some((f) => changed.includes(f))) return [];
    const message = problem(settings);
    return message ? [{ path: fields[0] as keyof Settings, message }] : [];
  });
}

/** A change to some settings; unknown keys are refused so a typo never passes silently. */
export const SettingsPatch = z.object(fields).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
