import { z } from 'zod';
import type { RpcCallError } from '../../../shared/rpc';
import { Settings, SettingsPatch, settingsConflicts } from '../../../shared/settings';

/**
 * The whole-number settings. Each is typed as text and parsed only when checked; a nullable
 * one reads an empty box as null ("no limit of our own"). `notANumber` stands in for zod's
 * generic "expected number" wording where a schema has no sentence of its own.
 */
export const numberFields = {
  connectTimeoutSeconds: {
    nullable: false,
    notANumber: 'Connect timeout must be a number of seconds',
  },
  commandTimeoutSeconds: {
    nullable: true,
    notANumber: 'Reply timeout must be a number of seconds',
  },
  staggerSeconds: {
    nullable: false,
    notANumber: 'Staggered connect must be a number of seconds',
  },
  retryFirstSeconds: { nullable: false, notANumber: 'First retry must be a number of seconds' },
  retryMaxBackoffSeconds: {
    nullable: false,
    notANumber: 'Longest wait between retries must be a number of seconds',
  },
  queueLifetimeHours: { nullable: false, notANumber: 'Queue lifetime must be a number of hours' },
  maxAttempts: { nullable: true, notANumber: 'Attempts must be a number of tries' },
  concurrency: { nullable: false, notANumber: 'Sessions at once must be a number of sessions' },
  perDomainConcurrency: {
    nullable: false,
    notANumber: 'Sessions per domain at first must be a number of sessions',
  },
  perDomainConcurrencyMax: {
    nullable: false,
    notANumber: 'Sessions per domain at most must be a number of sessions',
  },
  historyKeepDays: {
    nullable: true,
    notANumber: 'Keep finished mail for must be a number of days',
  },
  historyKeepDeliveries: {
    nullable: true,
    notANumber: 'Deliveries kept must be a number of deliveries',
  },
  historyMaxMegabytes: { nullable: true, notANumber: 'History size must be a number of MB' },
} as const satisfies Partial<Record<keyof Settings, { nullable: boolean; notANumber: string }>>;

export type NumberField = keyof typeof numberFields;
const numberKeys = Object.keys(numberFields) as NumberField[];

/** What the form edits: text where the user types, parsed only when checked or saved. */
export type SettingsDraft = {
  theme: Settings['theme'];
  mode: Settings['mode'];
  heloName: string;
  tlsPolicy: Settings['tlsPolicy'];
  dnsServers: string;
  spamd: string;
} & Record<NumberField, string>;

export type FieldErrors = Partial<Record<keyof SettingsDraft, string>>;

export function toDraft(settings: Settings): SettingsDraft {
  const numbers = {} as Record<NumberField, string>;
  for (const key of numberKeys) numbers[key] = settings[key] === null ? '' : String(settings[key]);
  return {
    theme: settings.theme,
    mode: settings.mode,
    heloName: settings.heloName ?? '',
    tlsPolicy: settings.tlsPolicy,
    dnsServers: settings.dnsServers.join('\n'),
    spamd: settings.spamd,
    ...numbers,
  };
}

/** Plain decimals only: Number() would also take "0x1f", "1e3" or "Infinity". */
function parseNumber(text: string, nullable: boolean): number | null {
  const t = text.trim();
  if (t === '') return nullable ? null : Number.NaN;
  return /^[+-]?\d+(?:\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

function toCandidate(draft: SettingsDraft) {
  const numbers: Partial<Record<NumberField, number | null>> = {};
  for (const key of numberKeys) numbers[key] = parseNumber(draft[key], numberFields[key].nullable);
  return {
    theme: draft.theme,
    mode: draft.mode,
    heloName: draft.heloName.trim() === '' ? null : draft.heloName.trim(),
    tlsPolicy: draft.tlsPolicy,
    dnsServers: draft.dnsServers
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean),
    spamd: draft.spamd.trim(),
    ...numbers,
  };
}

/** Check the draft with the schema and the cross-field rules main uses; errors keyed by field, first one wins. */
export function checkDraft(
  draft: SettingsDraft,
): { patch: SettingsPatch } | { errors: FieldErrors } {
  const parsed = SettingsPatch.safeParse(toCandidate(draft));
  if (parsed.success) {
    const conflicts = settingsConflicts(Settings.parse(parsed.data));
    return conflicts.length ? { errors: errorsByField(conflicts) } : { patch: parsed.data };
  }
  return {
    errors: errorsByField(
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ),
  };
}

/** Issues from the schema, here or from main, as one sentence per field. */
export function errorsByField(issues: RpcCallError['issues']): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as keyof SettingsDraft;
    const message =
      field in numberFields && /expected number/i.test(issue.message)
        ? numberFields[field as NumberField].notANumber
        : issue.message;
    errors[field] ??= message;
  }
  return errors;
}

export function sameDraft(a: SettingsDraft, b: SettingsDraft): boolean {
  return (Object.keys(a) as (keyof SettingsDraft)[]).every((k) => a[k] === b[k]);
}

/** The bounds the schema enforces, so hints never drift from what Save accepts. */
export function rangeOf(key: NumberField): { min: number; max: number } {
  let schema: z.ZodType = SettingsPatch.shape[key];
  while (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    schema = schema.unwrap() as z.ZodType;
  const number = schema as z.ZodNumber;
  return { min: number.minValue ?? 0, max: number.maxValue ?? Number.MAX_SAFE_INTEGER };
}
