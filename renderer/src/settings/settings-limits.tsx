import { settingsDefaults } from '../../../shared/settings';
import { Field } from '../ui/field';
import { type NumberField, rangeOf } from './settings-draft';
import type { SectionProps } from './settings-sections';

/** "5 min", "1 h 7 min", "5 days": how long a number of seconds is, at a glance. */
function roughly(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86_400) {
    const h = Math.floor(seconds / 3600);
    const m = Math.round((seconds % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return `${Math.round(seconds / 86_400)} days`;
}

interface NumberInputProps extends SectionProps {
  field: NumberField;
  label: string;
  /** Why the setting exists; the schema's bounds and the default follow it. */
  hint: string;
  /** The default in words, for the fields whose default is a number. */
  fallback?: string;
  placeholder?: string;
}

/**
 * A text box, not type="number": the draft keeps exactly what was typed, so "1e" or "ten"
 * reach the schema and get a sentence, where a number input would silently report "".
 */
function NumberInput(props: NumberInputProps) {
  const { field, label, hint, fallback, placeholder, draft, errors, edit } = props;
  const { min, max } = rangeOf(field);
  const n = (v: number) => v.toLocaleString('en-US');
  const bounds = `${n(min)} to ${n(max)}${fallback ? `; default ${fallback}` : ''}.`;
  return (
    <Field label={label} hint={`${hint} ${bounds}`} error={errors[field]}>
      <input
        type="text"
        inputMode="numeric"
        className="settings-number"
        autoComplete="off"
        value={draft[field]}
        placeholder={placeholder}
        onChange={(e) => edit(field, e.target.value)}
      />
    </Field>
  );
}

const d = settingsDefaults;

export function TimeoutsSection(props: SectionProps) {
  return (
    <section className="card">
      <h2>Timeouts</h2>
      <div className="settings-pair">
        <NumberInput
          {...props}
          field="connectTimeoutSeconds"
          label="Connect timeout (seconds)"
          hint="Wait for each TCP connection to an MX host."
          fallback={String(d.connectTimeoutSeconds)}
        />
        <NumberInput
          {...props}
          field="commandTimeoutSeconds"
          label="Reply timeout (seconds)"
          placeholder="RFC 5321 defaults"
          hint="Longest wait for any one reply. Empty: RFC 5321 defaults per phase (5 min for most replies, 10 min after the final dot)."
        />
        <NumberInput
          {...props}
          field="staggerSeconds"
          label="Staggered connect (seconds)"
          hint="When an MX address has not greeted within this time, the next one is dialled alongside it (up to 3 at once); the first to greet carries the mail, the others are closed before MAIL FROM. 0: one address at a time."
          fallback={String(d.staggerSeconds)}
        />
      </div>
    </section>
  );
}

export function RetrySection(props: SectionProps) {
  return (
    <section className="card">
      <h2>Retry policy</h2>
      <p className="settings-note">
        A deferred recipient (a 4xx reply) stays queued and is tried again; each wait is double the
        last, up to the longest wait, unless the server names its own delay.
      </p>
      <div className="settings-pair">
        <NumberInput
          {...props}
          field="retryFirstSeconds"
          label="First retry after (seconds)"
          hint="First wait after a deferral."
          fallback={`${d.retryFirstSeconds} (${roughly(d.retryFirstSeconds)})`}
        />
        <NumberInput
          {...props}
          field="retryMaxBackoffSeconds"
          label="Longest wait between retries (seconds)"
          hint="Where the doubling stops."
          fallback={`${d.retryMaxBackoffSeconds} (about ${roughly(d.retryMaxBackoffSeconds)})`}
        />
        <NumberInput
          {...props}
          field="queueLifetimeHours"
          label="Queue lifetime (hours)"
          hint="How long to keep trying before bouncing."
          fallback={`${d.queueLifetimeHours} (${roughly(d.queueLifetimeHours * 3600)})`}
        />
        <NumberInput
          {...props}
          field="maxAttempts"
          label="Attempts per recipient"
          placeholder="Until the lifetime ends"
          hint="Tries before bouncing. Empty: until the queue lifetime ends."
        />
      </div>
    </section>
  );
}

export function ConcurrencySection(props: SectionProps) {
  return (
    <section className="card">
      <h2>Concurrency</h2>
      <div className="settings-pair">
        <NumberInput
          {...props}
          field="concurrency"
          label="Sessions at once"
          hint="SMTP sessions across all domains."
          fallback={String(d.concurrency)}
        />
        <NumberInput
          {...props}
          field="perDomainConcurrency"
          label="Sessions per domain at first"
          hint="Each domain starts here; a session that goes well adds one."
          fallback={String(d.perDomainConcurrency)}
        />
        <NumberInput
          {...props}
          field="perDomainConcurrencyMax"
          label="Sessions per domain at most"
          hint="A 421 or “too many connections” halves a domain's share."
          fallback={String(d.perDomainConcurrencyMax)}
        />
      </div>
    </section>
  );
}

export function HistorySection(props: SectionProps) {
  return (
    <section className="card">
      <h2>History</h2>
      <p className="settings-note">
        Finished mail (delivered, bounced, probed or cancelled) is removed with its body,
        attachments and transcript once any limit is passed, the oldest first. Mail still queued,
        deferred or sending is never removed. An empty box means no limit of that kind.
      </p>
      <div className="settings-pair">
        <NumberInput
          {...props}
          field="historyKeepDays"
          label="Keep finished mail for (days)"
          placeholder="No age limit"
          hint="Counted from a delivery's last attempt."
          fallback={String(d.historyKeepDays)}
        />
        <NumberInput
          {...props}
          field="historyKeepDeliveries"
          label="Finished deliveries kept"
          placeholder="No count limit"
          hint="One delivery per recipient domain of a message."
          fallback={d.historyKeepDeliveries.toLocaleString('en-US')}
        />
        <NumberInput
          {...props}
          field="historyMaxMegabytes"
          label="History size (MB)"
          placeholder="No size limit"
          hint="Bodies, attachments and transcripts of finished mail."
          fallback={d.historyMaxMegabytes.toLocaleString('en-US')}
        />
      </div>
    </section>
  );
}
