import { type DragEvent, type FormEvent, useRef, useState } from 'react';
import { Checkbox } from '../ui/checkbox';
import { Field } from '../ui/field';
import { bytes } from '../ui/format';

export interface PastedMessage {
  raw: string;
  ip: string;
  helo: string;
  mailFrom: string;
  checkLinks: boolean;
  /** The file it came from, if it came from one. */
  fileName: string | null;
}

export type PasteErrors = Partial<Record<'raw' | 'ip' | 'helo' | 'mailFrom', string>>;

interface PasteFormProps {
  value: PastedMessage;
  onChange(value: PastedMessage): void;
  errors: PasteErrors;
  internet: boolean;
  busy: boolean;
  onSubmit(): void;
}

interface EnvelopeFieldProps {
  label: string;
  hint?: string;
  placeholder?: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}

/** One line of the envelope: an address or a name, typed as it appeared on the wire. */
function EnvelopeField({ label, hint, placeholder, value, error, onChange }: EnvelopeFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      <input
        type="text"
        className="mono"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
      />
    </Field>
  );
}

/** A message to judge: pasted, opened or dropped, with what the receiving MX saw of its sender. */
export function PasteForm({ value, onChange, errors, internet, busy, onSubmit }: PasteFormProps) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const set = <K extends keyof PastedMessage>(key: K, v: PastedMessage[K]) =>
    onChange({ ...value, [key]: v });
  const take = async (file: File | undefined) => {
    if (!file) return;
    onChange({ ...value, raw: await file.text(), fileName: file.name });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void take(e.dataTransfer.files[0]);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const size = new Blob([value.raw]).size;

  return (
    <form className="mr-paste" aria-label="Message to check" onSubmit={submit} noValidate>
      <div className="compose-head">
        <h2>Check a message</h2>
      </div>
      <p className="section-note mr-note">
        Paste a raw message (an .eml file, headers and body) or open one. MXray judges it as the
        receiving MX would: SPF, DKIM, DMARC and ARC through Settings → DNS servers, the sender
        rules, the format, the HTML, the spam score.
      </p>
      <Field
        label="Raw message (.eml)"
        error={errors.raw}
        hint={
          value.raw
            ? `${bytes(size)}${value.fileName ? ` from ${value.fileName}` : ''}`
            : 'Or drop an .eml file here'
        }
      >
        <textarea
          className={`mono mr-raw${dragging ? ' mr-raw-drop' : ''}`}
          rows={14}
          spellCheck={false}
          value={value.raw}
          placeholder={'From: you@example.com\nTo: them@example.net\nSubject: …\n\nBody'}
          onChange={(e) => onChange({ ...value, raw: e.target.value, fileName: null })}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        />
      </Field>
      <div className="mr-file">
        <input
          ref={fileRef}
          className="visually-hidden"
          type="file"
          tabIndex={-1}
          aria-label="Message file (.eml)"
          accept=".eml,message/rfc822,text/plain"
          onChange={async (e) => {
            await take(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <button
          type="button"
          className="button button-small"
          onClick={() => fileRef.current?.click()}
        >
          Open an .eml file…
        </button>
      </div>
      <fieldset className="mr-envelope">
        <legend>As the receiving MX saw the sender (for SPF)</legend>
        <EnvelopeField
          label="Connecting IP"
          hint="Empty: SPF is not checked"
          placeholder="192.0.2.1"
          value={value.ip}
          error={errors.ip}
          onChange={(v) => set('ip', v)}
        />
        <EnvelopeField
          label="HELO name"
          value={value.helo}
          error={errors.helo}
          onChange={(v) => set('helo', v)}
        />
        <EnvelopeField
          label="MAIL FROM"
          hint="Empty: the Return-Path header"
          value={value.mailFrom}
          error={errors.mailFrom}
          onChange={(v) => set('mailFrom', v)}
        />
      </fieldset>
      {internet ? (
        <Checkbox checked={value.checkLinks} onChange={(on) => set('checkLinks', on)}>
          Fetch every link and image (status, redirects, TLS)
        </Checkbox>
      ) : (
        <p className="section-note mr-note">Links are listed, never fetched, in Sandbox mode.</p>
      )}
      <div className="compose-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Check message'}
        </button>
      </div>
    </form>
  );
}
