import {
  DKIM_RSA_BITS,
  DkimGenerate,
  type DkimGenerate as DkimGenerateInput,
  DkimImport,
  type DkimImport as DkimImportInput,
} from '../../../shared/dkim';
import { RpcCallError } from '../../../shared/rpc';

export type KeyKindChoice = `rsa-${(typeof DKIM_RSA_BITS)[number]}` | 'ed25519';

/** The add-a-key form as typed: generate one here, or import a PEM the user has. */
export interface KeyDraft {
  how: 'generate' | 'import';
  domain: string;
  selector: string;
  kind: KeyKindChoice;
  pem: string;
}

export type KeyField = 'domain' | 'selector' | 'kind' | 'pem';
/** Errors by field; `form` for what belongs to no field (the store could not write). */
export type KeyErrors = Partial<Record<KeyField | 'form', string>>;

export const kindChoices: readonly { value: KeyKindChoice; label: string }[] = [
  ...DKIM_RSA_BITS.map((bits) => ({ value: `rsa-${bits}` as const, label: `RSA ${bits}` })),
  { value: 'ed25519', label: 'Ed25519' },
];

export const emptyKeyDraft = (): KeyDraft => ({
  how: 'generate',
  domain: '',
  selector: '',
  kind: 'rsa-2048',
  pem: '',
});

const fieldOfPath: Record<string, KeyField> = {
  domain: 'domain',
  selector: 'selector',
  algorithm: 'kind',
  bits: 'kind',
  pem: 'pem',
};

function byPath(issues: readonly { path: string; message: string }[]): KeyErrors {
  const errors: KeyErrors = {};
  for (const issue of issues) {
    const field = fieldOfPath[issue.path.split('.')[0] ?? ''] ?? 'form';
    errors[field] ??= issue.message;
  }
  return errors;
}

type Checked =
  | { how: 'generate'; request: DkimGenerateInput }
  | { how: 'import'; request: DkimImportInput }
  | { errors: KeyErrors };

/** The request the draft makes, checked with main's own schema first. */
export function checkKeyDraft(draft: KeyDraft): Checked {
  const names = { domain: draft.domain, selector: draft.selector };
  if (draft.how === 'import') {
    const request = { ...names, pem: draft.pem };
    const parsed = DkimImport.safeParse(request);
    if (!parsed.success) return { errors: byPath(parsed.error.issues.map(issue)) };
    return { how: 'import', request };
  }
  const request: DkimGenerateInput =
    draft.kind === 'ed25519'
      ? { ...names, algorithm: 'ed25519' }
      : { ...names, algorithm: 'rsa', bits: Number(draft.kind.slice(4)) };
  const parsed = DkimGenerate.safeParse(request);
  if (!parsed.success) return { errors: byPath(parsed.error.issues.map(issue)) };
  return { how: 'generate', request };
}

const issue = (i: { path: PropertyKey[]; message: string }) => ({
  path: i.path.map(String).join('.'),
  message: i.message,
});

/**
 * Main's refusal, next to the field it is about. Its schema's issues name their path; a key
 * store's sentence names none, so its words decide: the domain, the selector (or the
 * selector already taken), and for an import everything else is about the PEM.
 */
export function keyErrorsFrom(error: unknown, how: KeyDraft['how']): KeyErrors {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RpcCallError && error.issues.length > 0) return byPath(error.issues);
  if (!(error instanceof RpcCallError) || error.kind !== 'bad-input') return { form: message };
  if (/is not a signing domain/.test(message)) return { domain: message };
  if (/is not a DKIM selector|is already stored|a DNS name holds at most/.test(message))
    return { selector: message };
  return how === 'import' ? { pem: message } : { form: message };
}
