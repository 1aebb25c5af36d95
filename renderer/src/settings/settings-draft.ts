import type { RpcCallError } from '../../../shared/rpc';
import { type Settings, SettingsPatch } from '../../../shared/settings';

/** What the form edits: text where the user types, parsed only when checked or saved. */
export interface SettingsDraft {
  theme: Settings['theme'];
  mode: Settings['mode'];
  heloName: string;
  tlsPolicy: Settings['tlsPolicy'];
  connectTimeoutSeconds: string;
  dnsServers: string;
}

export type FieldErrors = Partial<Record<keyof SettingsDraft, string>>;

export function toDraft(settings: Settings): SettingsDraft {
  return {
    theme: settings.theme,
    mode: settings.mode,
    heloName: settings.heloName ?? '',
    tlsPolicy: settings.tlsPolicy,
    connectTimeoutSeconds: String(settings.connectTimeoutSeconds),
    dnsServers: settings.dnsServers.join('\n'),
  };
}

function toCandidate(draft: SettingsDraft) {
  const timeout = draft.connectTimeoutSeconds.trim();
  return {
    theme: draft.theme,
    mode: draft.mode,
    heloName: draft.heloName.trim() === '' ? null : draft.heloName.trim(),
    tlsPolicy: draft.tlsPolicy,
    connectTimeoutSeconds: timeout === '' ? Number.NaN : Number(timeout),
    dnsServers: draft.dnsServers
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** Check the draft with the same schema main uses; errors keyed by field, first one wins. */
export function checkDraft(
  draft: SettingsDraft,
): { patch: SettingsPatch } | { errors: FieldErrors } {
  const parsed = SettingsPatch.safeParse(toCandidate(draft));
  if (parsed.success) return { patch: parsed.data };
  return {
    errors: errorsByField(
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ),
  };
}

export function errorsByField(issues: RpcCallError['issues']): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as keyof SettingsDraft;
    const message =
      field === 'connectTimeoutSeconds' &&
      /number/i.test(issue.message) &&
      !/second/.test(issue.message)
        ? 'Connect timeout must be a number of seconds'
        : issue.message;
    errors[field] ??= message;
  }
  return errors;
}

export function sameDraft(a: SettingsDraft, b: SettingsDraft): boolean {
  return (Object.keys(a) as (keyof SettingsDraft)[]).every((k) => a[k] === b[k]);
}
