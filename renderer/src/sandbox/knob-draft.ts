import type { RpcCallError } from '../../../shared/rpc';
import {
  type ChaosKnobs,
  ChaosPatch,
  type DisconnectAt,
  knobConflicts,
  type RefuseAs,
} from '../../../shared/sandbox';
import { DISCONNECT_LABELS, refuseAsLabel } from './knob-badges';

export type KnobField = keyof ChaosKnobs;

/** What the chaos form edits: text where the user types, parsed only on Apply. */
export interface KnobDraft {
  greylistDelaySeconds: string;
  rejectRate: string;
  rejectCode: string;
  rejectText: string;
  replyDelayMs: string;
  disconnectAt: DisconnectAt;
  offerStarttls: boolean;
  refuseAs: RefuseAs;
}

export type KnobErrors = Partial<Record<KnobField, string>>;

export const KNOB_FIELDS: KnobField[] = [
  'greylistDelaySeconds',
  'rejectRate',
  'rejectCode',
  'rejectText',
  'replyDelayMs',
  'disconnectAt',
  'offerStarttls',
  'refuseAs',
];

const NUMBER_NAMES = {
  greylistDelaySeconds: 'Greylist delay',
  rejectRate: 'Reject rate',
  rejectCode: 'Reject code',
  replyDelayMs: 'Reply delay',
} as const;

type NumberField = keyof typeof NUMBER_NAMES;
const isNumberField = (f: KnobField): f is NumberField => Object.hasOwn(NUMBER_NAMES, f);

export function toKnobDraft(k: ChaosKnobs): KnobDraft {
  return {
    greylistDelaySeconds: String(k.greylistDelaySeconds),
    rejectRate: String(k.rejectRate),
    rejectCode: String(k.rejectCode),
    rejectText: k.rejectText,
    replyDelayMs: String(k.replyDelayMs),
    disconnectAt: k.disconnectAt,
    offerStarttls: k.offerStarttls,
    refuseAs: k.refuseAs,
  };
}

/** A typed number; NaN for empty or not a number ("0,5" is read as 0.5). */
function readNumber(text: string): number {
  const t = text.trim().replace(',', '.');
  return t === '' ? Number.NaN : Number(t);
}

/** Equal as the server would see them: "0.50" and "0.5" are the same rate. */
function same(field: KnobField, a: KnobDraft[KnobField], b: KnobDraft[KnobField]): boolean {
  if (!isNumberField(field)) return a === b;
  const x = readNumber(String(a));
  const y = readNumber(String(b));
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}

/** The fields the user changed from `base`, in form order. */
export function dirtyFields(draft: KnobDraft, base: ChaosKnobs): KnobField[] {
  const original = toKnobDraft(base);
  return KNOB_FIELDS.filter((f) => !same(f, draft[f], original[f]));
}

/** Only the changed knobs, checked with the schema main uses; errors keyed by field. */
export function checkKnobDraft(
  draft: KnobDraft,
  base: ChaosKnobs,
): { patch: ChaosPatch } | { errors: KnobErrors } {
  const candidate: Record<string, unknown> = {};
  const errors: KnobErrors = {};
  for (const field of dirtyFields(draft, base)) {
    if (!isNumberField(field)) {
      candidate[field] = draft[field];
      continue;
    }
    const n = readNumber(draft[field]);
    if (Number.isNaN(n)) errors[field] = `${NUMBER_NAMES[field]} must be a number`;
    else candidate[field] = n;
  }
  const parsed = ChaosPatch.safeParse(candidate);
  const issues = parsed.success
    ? knobConflicts({ ...base, ...parsed.data }, Object.keys(parsed.data))
    : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  Object.assign(errors, { ...fieldIssues(issues).errors, ...errors });
  return Object.keys(errors).length ? { errors } : { patch: parsed.data ?? {} };
}

/** Issues from the schema or the server ("knobs.rejectRate") by field; the rest as sentences. */
export function fieldIssues(issues: RpcCallError['issues']): {
  errors: KnobErrors;
  other: string[];
} {
  const errors: KnobErrors = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = issue.path.replace(/^knobs\.?/, '').split('.')[0] as KnobField;
    if (KNOB_FIELDS.includes(field)) errors[field] ??= issue.message;
    else other.push(issue.message);
  }
  return { errors, other };
}

/**
 * The knobs changed elsewhere: fields the user did not touch follow them; a touched field
 * keeps the user's value and is flagged when the new value differs from it.
 */
export function rebaseDraft(
  draft: KnobDraft,
  oldBase: ChaosKnobs,
  newBase: ChaosKnobs,
  flagged: KnobField[],
): { draft: KnobDraft; conflicts: KnobField[] } {
  const before = toKnobDraft(oldBase);
  const after = toKnobDraft(newBase);
  const next = { ...draft } as Record<KnobField, KnobDraft[KnobField]>;
  const conflicts: KnobField[] = [];
  for (const f of KNOB_FIELDS) {
    if (same(f, draft[f], before[f])) next[f] = after[f];
    else if (!same(f, draft[f], after[f]) && (flagged.includes(f) || !same(f, before[f], after[f])))
      conflicts.push(f);
  }
  return { draft: next as unknown as KnobDraft, conflicts };
}

/** A knob's value as the form shows it, for "changed elsewhere to …". */
export function knobText(field: KnobField, k: ChaosKnobs): string {
  if (field === 'disconnectAt') return DISCONNECT_LABELS[k.disconnectAt];
  if (field === 'offerStarttls') return k.offerStarttls ? 'on' : 'off';
  if (field === 'refuseAs') return refuseAsLabel(k.refuseAs);
  return String(k[field]);
}
