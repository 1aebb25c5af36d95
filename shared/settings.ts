import { z } from 'zod';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** Sandbox: sandbox domains only, served by the embedded MX servers. Internet: real DNS and MX. */
export const Mode = z.enum(['sandbox', 'internet']);
export type Mode = z.infer<typeof Mode>;

export const TlsPolicy = z.enum(['off', 'opportunistic', 'require']);
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

const fields = {
  theme: Theme,
  mode: Mode,
  /** null: use this machine's host name. */
  heloName: HeloName.nullable(),
  tlsPolicy: TlsPolicy,
  connectTimeoutSeconds: z
    .number()
    .int('Connect timeout must be a whole number of seconds')
    .min(1, 'Connect timeout must be at least 1 second')
    .max(600, 'Connect timeout must be at most 600 seconds'),
  dnsServers: z.array(DnsServer).max(8, 'At most 8 DNS servers'),
};

export const settingsDefaults = {
  theme: 'system',
  mode: 'sandbox',
  heloName: null,
  tlsPolicy: 'opportunistic',
  connectTimeoutSeconds: 30,
  dnsServers: [],
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
});
export type Settings = z.infer<typeof Settings>;

/** A change to some settings; unknown keys are refused so a typo never passes silently. */
export const SettingsPatch = z.object(fields).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
