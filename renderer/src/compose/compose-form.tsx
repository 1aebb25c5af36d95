import { type FormEvent, type KeyboardEvent, useEffect, useState } from 'react';
import { RpcCallError } from '../../../shared/rpc';
import type { Settings } from '../../../shared/settings';
import { useApi } from '../api/api-context';
import {
  beginDraftCheck,
  cancelDraftCheck,
  clearDraftReport,
  DRAFT_REPORT,
  endDraftCheck,
} from '../message-report/draft-report-store';
import { useOutboxStore } from '../outbox/outbox-context';
import { useSettings } from '../settings/settings-context';
import { navigate } from '../shell/use-route';
import { Alert } from '../ui/alert';
import { Checkbox } from '../ui/checkbox';
import { Field } from '../ui/field';
import { Skeleton } from '../ui/skeleton';
import { AttachmentPicker } from './attachment-picker';
import {
  type ComposeDraft,
  type ComposeErrors,
  checkDraft,
  errorsFromIssues,
  newDraft,
  withEdit,
} from './compose-draft';
import { followMode } from './compose-route';
import { DkimChoice, useDkimChoice } from './dkim-choice';
import {
  forgetDraft,
  rememberDraft,
  rememberedDraft,
  rememberedFiles,
  rememberFiles,
} from './draft-memory';
import { ScenarioChips } from './scenario-chips';
import { SessionOptions } from './session-options';

/** Compose waits for Settings: the first draft takes its mode, TLS policy and HELO name. */
export function ComposeForm() {
  const settings = useSettings();
  if (settings.status === 'error')
    return (
      <Alert tone="fail" title="Could not load settings">
        {settings.message}
      </Alert>
    );
  if (settings.status !== 'ready') return <Skeleton rows={10} />;
  return <ComposeReady settings={settings.settings} />;
}

/** Compose and send; every field is checked before anything leaves (Ctrl/Cmd+Enter sends). */
function ComposeReady({ settings }: { settings: Settings }) {
  const api = useApi();
  const outbox = useOutboxStore();
  const fresh = () => newDraft(settings);
  const [draft, setDraft] = useState(() => rememberedDraft(fresh()));
  useEffect(() => rememberDraft(draft), [draft]);
  // The mode changed (the banner, Settings, another window): the route follows it.
  if (draft.mode !== settings.mode) setDraft(followMode(draft, settings.mode));
  const [files, setFiles] = useState(rememberedFiles);
  useEffect(() => rememberFiles(files), [files]);
  const [errors, setErrors] = useState<ComposeErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [checking, setChecking] = useState(false);
  // After a send the whole draft stays, attachments too, so a variation is one edit away.
  const [sent, setSent] = useState(false);

  const edit = <K extends keyof ComposeDraft>(key: K, value: ComposeDraft[K]) => {
    setDraft((d) => withEdit(d, key, value));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setFailure(null);
    setSent(false);
  };
  const dkim = useDkimChoice(draft, setDraft);
  const onDkim = (change: (d: ComposeDraft) => ComposeDraft) => {
    setDraft(change);
    setErrors((e) => ({ ...e, dkimKeyId: undefined }));
    setFailure(null);
    setSent(false);
  };
  const text = (key: keyof ComposeDraft) => ({
    value: draft[key] as string,
    onChange: (e: { target: { value: string } }) => edit(key, e.target.value as never),
  });

  async function send(event?: FormEvent) {
    event?.preventDefault();
    const checked = checkDraft(draft, files);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setSending(true);
    try {
      // A key deleted since it was chosen: the choice resets with its note, nothing is sent.
      if (!(await dkim.confirm())) return;
      const { deliveries } = await api['outbox.enqueue'](checked.request);
      for (const d of deliveries) outbox.add(d);
      if (deliveries[0]) navigate('send', deliveries[0].id);
      setErrors({});
      setFailure(null);
      setSent(true);
    } catch (error) {
      const issues = error instanceof RpcCallError ? error.issues : [];
      setErrors(errorsFromIssues(issues));
      setFailure((error as Error).message);
      // main refuses a key that is gone: the list asked again resets the choice with a note.
      if (draft.dkimKeyId) void dkim.store.reload();
    } finally {
      setSending(false);
    }
  }

  /** Judge the draft as it would be sent (composed and signed), in the Send page's middle pane. */
  async function check() {
    const checked = checkDraft(draft, files);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setChecking(true);
    // The ticket first: a later click always wins, whatever answers first.
    const ticket = beginDraftCheck(checked.request.message.subject);
    navigate('send', DRAFT_REPORT);
    try {
      if (!(await dkim.confirm())) {
        cancelDraftCheck(ticket);
        return;
      }
      const report = await api['message.report']({ source: 'draft', request: checked.request });
      endDraftCheck(ticket, { report });
    } catch (error) {
      // main's refusal of a field lands next to it, as for a send.
      const issues = error instanceof RpcCallError ? error.issues : [];
      setErrors(
        errorsFromIssues(issues.map((i) => ({ ...i, path: i.path.replace(/^request\./, '') }))),
      );
      endDraftCheck(ticket, { error: (error as Error).message });
    } finally {
      setChecking(false);
    }
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
  };

  return (
    <form className="compose" aria-label="Compose" onSubmit={send} onKeyDown={onKeyDown} noValidate>
      <div className="compose-head">
        <h2>Compose</h2>
        <span className="section-note">Ctrl/⌘ + Enter sends</span>
      </div>
      {draft.route === 'sandbox' && <ScenarioChips to={draft.to} onTo={(to) => edit('to', to)} />}
      <Field label="From" error={errors.from}>
        <input type="text" {...text('from')} autoComplete="off" spellCheck={false} />
      </Field>
      <Field label="To" error={errors.to} hint="Several: separate with commas">
        <input type="text" {...text('to')} autoComplete="off" spellCheck={false} />
      </Field>
      <div className="compose-row">
        <Field label="Cc" error={errors.cc}>
          <input type="text" {...text('cc')} autoComplete="off" spellCheck={false} />
        </Field>
        <Field label="Bcc" error={errors.bcc} hint="Envelope only">
          <input type="text" {...text('bcc')} autoComplete="off" spellCheck={false} />
        </Field>
      </div>
      <Field label="Subject" error={errors.subject}>
        <input type="text" {...text('subject')} />
      </Field>
      <Field label="Body" error={errors.body}>
        <textarea rows={5} {...text('body')} />
      </Field>
      <Checkbox checked={draft.useHtml} onChange={(on) => edit('useHtml', on)}>
        Add an HTML part
      </Checkbox>
      {draft.useHtml && (
        <Field label="HTML body" error={errors.html}>
          <textarea rows={4} {...text('html')} />
        </Field>
      )}
      <AttachmentPicker files={files} onChange={setFiles} error={errors.attachments} />
      <DkimChoice
        draft={draft}
        keys={dkim.state}
        store={dkim.store}
        note={dkim.note}
        error={errors.dkimKeyId}
        onDraft={onDkim}
        clearNote={dkim.clearNote}
      />
      <SessionOptions draft={draft} errors={errors} edit={edit} text={text} />
      {failure && (
        <Alert tone="fail" title="Not sent">
          {failure}
        </Alert>
      )}
      <div className="compose-actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? 'Sending…' : draft.probeOnly ? 'Send probe' : 'Send'}
        </button>
        <button
          type="button"
          className="button"
          disabled={draft.probeOnly || checking}
          title={
            draft.probeOnly ? 'A probe sends no message: there is nothing to judge' : undefined
          }
          onClick={() => void check()}
        >
          {checking ? 'Checking…' : 'Check message'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            forgetDraft();
            clearDraftReport();
            setDraft(fresh());
            dkim.clearNote();
            setFiles([]);
            setErrors({});
            setFailure(null);
            setSent(false);
          }}
        >
          Reset
        </button>
        {sent && (
          <span className="section-note" role="status">
            Sent. The draft stays: change it and send again, or Reset.
          </span>
        )}
      </div>
    </form>
  );
}
