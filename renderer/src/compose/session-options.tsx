import { Checkbox } from '../ui/checkbox';
import { ChoiceGroup } from '../ui/choice-group';
import { Field } from '../ui/field';
import type { ComposeDraft, ComposeErrors, RouteChoice } from './compose-draft';

const routes = [
  { value: 'sandbox', label: 'Sandbox' },
  { value: 'mx', label: 'Direct MX' },
  { value: 'relay', label: 'Relay' },
] as const satisfies readonly { value: RouteChoice; label: string }[];

const tlsPolicies = [
  { value: 'opportunistic', label: 'If offered' },
  { value: 'require', label: 'Require' },
  { value: 'off', label: 'Off' },
] as const;
/** TLS from the first byte: a relay's port 465 (RFC 8314); MX servers never speak it. */
const relayTlsPolicies = [...tlsPolicies, { value: 'implicit', label: 'Implicit (465)' }] as const;

interface SessionOptionsProps {
  draft: ComposeDraft;
  errors: ComposeErrors;
  edit<K extends keyof ComposeDraft>(key: K, value: ComposeDraft[K]): void;
  text(key: keyof ComposeDraft): {
    value: string;
    onChange(e: { target: { value: string } }): void;
  };
}

/** Where and how the session goes: route, relay and AUTH, HELO, TLS, headers, probe. */
export function SessionOptions({ draft, errors, edit, text }: SessionOptionsProps) {
  return (
    <div className="compose-session">
      <ChoiceGroup
        legend="Route"
        name="route"
        value={draft.route}
        choices={routes}
        onChange={(v) => edit('route', v)}
      />
      {draft.route === 'relay' && (
        <>
          <div className="compose-row">
            <Field label="Relay host" error={errors.relayHost}>
              <input
                type="text"
                {...text('relayHost')}
                placeholder="smtp.example.com"
                spellCheck={false}
              />
            </Field>
            <Field label="Port" error={errors.relayPort}>
              <input type="number" {...text('relayPort')} min={1} max={65535} />
            </Field>
          </div>
          <div className="compose-row">
            <Field label="AUTH user" error={errors.authUser} hint="Empty: no AUTH">
              <input type="text" {...text('authUser')} autoComplete="off" />
            </Field>
            <Field label="AUTH password" error={errors.authPass}>
              <input type="password" {...text('authPass')} autoComplete="off" />
            </Field>
          </div>
        </>
      )}
      <ChoiceGroup
        legend="TLS"
        name="tls"
        value={draft.tls}
        choices={draft.route === 'relay' ? relayTlsPolicies : tlsPolicies}
        onChange={(v) => edit('tls', v)}
      />
      <Checkbox checked={draft.tlsVerify} onChange={(on) => edit('tlsVerify', on)}>
        Fail unless the certificate verifies
      </Checkbox>
      <Checkbox checked={draft.probeOnly} onChange={(on) => edit('probeOnly', on)}>
        Probe only: stop after RCPT, send no message
      </Checkbox>
      <details
        className="compose-more"
        open={errors.envelopeFrom || errors.helo || errors.headers ? true : undefined}
      >
        <summary>Envelope, HELO and headers</summary>
        <Field label="MAIL FROM" error={errors.envelopeFrom} hint="Empty: the From address">
          <input type="text" {...text('envelopeFrom')} spellCheck={false} />
        </Field>
        <Field
          label="HELO name"
          error={errors.helo}
          hint="Empty: this machine's host name (or Settings)"
        >
          <input type="text" {...text('helo')} spellCheck={false} />
        </Field>
        <Field label="Custom headers" error={errors.headers} hint="One per line: Name: value">
          <textarea rows={3} {...text('headers')} spellCheck={false} />
        </Field>
      </details>
    </div>
  );
}
