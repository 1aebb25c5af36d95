import type { Settings } from '../../../shared/settings';
import { ChoiceGroup } from '../ui/choice-group';
import { Field } from '../ui/field';
import type { FieldErrors, SettingsDraft } from './settings-draft';

/** What every settings card gets: the draft, its errors, and a way to change one field. */
export interface SectionProps {
  draft: SettingsDraft;
  errors: FieldErrors;
  edit<K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]): void;
}

/** A one-line text setting (a name or an address): typed as is, checked on save. */
function TextField({
  field,
  label,
  hint,
  placeholder,
  draft,
  errors,
  edit,
}: SectionProps & {
  field: 'heloName' | 'spamd';
  label: string;
  hint: string;
  placeholder: string;
}) {
  return (
    <Field label={label} hint={hint} error={errors[field]}>
      <input
        type="text"
        value={draft[field]}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => edit(field, e.target.value)}
      />
    </Field>
  );
}

const modes = [
  {
    value: 'sandbox',
    label: 'Sandbox',
    description: 'Sandbox domains only, answered by MX servers inside MXray.',
  },
  {
    value: 'internet',
    label: 'Internet',
    description: 'Real DNS and real MX servers, on outbound port 25.',
  },
] as const;

const themes = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;

export function ModeSection({ draft, edit }: SectionProps) {
  return (
    <section className="card">
      <h2>Mode</h2>
      <ChoiceGroup
        legend="Where mail goes"
        name="mode"
        variant="cards"
        value={draft.mode}
        choices={modes}
        onChange={(v) => edit('mode', v)}
      />
    </section>
  );
}

export function DeliverySection({ draft, errors, edit }: SectionProps) {
  return (
    <section className="card">
      <h2>Delivery defaults</h2>
      <div className="settings-pair">
        <TextField
          field="heloName"
          label="HELO name"
          hint="Announced in EHLO/HELO. Empty: this machine's host name."
          placeholder="mail.example.com"
          {...{ draft, errors, edit }}
        />
        <Field
          label="TLS policy"
          hint="Opportunistic uses STARTTLS when offered."
          error={errors.tlsPolicy}
        >
          <select
            value={draft.tlsPolicy}
            onChange={(e) => edit('tlsPolicy', e.target.value as Settings['tlsPolicy'])}
          >
            <option value="opportunistic">Opportunistic</option>
            <option value="require">Require</option>
            <option value="off">Off</option>
          </select>
        </Field>
      </div>
    </section>
  );
}

export function DnsSection({ draft, errors, edit }: SectionProps) {
  return (
    <section className="card">
      <h2>DNS</h2>
      <Field
        label="DNS servers"
        hint="One per line, host[:port]. Empty: the system's resolvers."
        error={errors.dnsServers}
      >
        <textarea
          rows={3}
          value={draft.dnsServers}
          placeholder="127.0.0.1:5353"
          spellCheck={false}
          onChange={(e) => edit('dnsServers', e.target.value)}
        />
      </Field>
    </section>
  );
}

export function SpamFilterSection({ draft, errors, edit }: SectionProps) {
  return (
    <section className="card">
      <h2>Spam filter</h2>
      <TextField
        field="spamd"
        label="spamd"
        hint="host:port of a SpamAssassin spamd, e.g. 127.0.0.1:783. Empty: no spam score."
        placeholder="127.0.0.1:783"
        {...{ draft, errors, edit }}
      />
    </section>
  );
}

export function AppearanceSection({ draft, edit }: SectionProps) {
  return (
    <section className="card">
      <h2>Appearance</h2>
      <ChoiceGroup
        legend="Theme"
        name="theme"
        value={draft.theme}
        choices={themes}
        onChange={(v) => edit('theme', v)}
      />
    </section>
  );
}
