import {
  type ChaosKnobs,
  type DisconnectAt,
  REFUSALS,
  type RefuseAs,
  type Scenario,
} from '../../../shared/sandbox';

type Behaviour = Scenario['hosts'][number]['behaviour'];

export { NO_CHAOS } from '../../../shared/sandbox';

export const DISCONNECT_LABELS: Record<DisconnectAt, string> = {
  never: 'Never',
  connect: 'On connect, before the banner',
  ehlo: 'On EHLO',
  mail: 'On MAIL FROM',
  rcpt: 'On RCPT TO',
  data: 'On DATA',
  dot: 'After the final dot',
};

/** "Off", or the preset's label ("Gmail: 550 5.7.26 unauthenticated sender"). */
export function refuseAsLabel(refuseAs: RefuseAs): string {
  return refuseAs === 'off' ? 'Off' : REFUSALS[refuseAs].label;
}

export type Tone = 'ok' | 'warn' | 'fail' | 'accent' | 'plain';

export interface KnobBadge {
  key: keyof ChaosKnobs;
  text: string;
  tone: Tone;
}

/** "50%", "0.5%": a share people read, without float noise. */
export function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(1))}%`;
}

/** One badge per knob that differs from no chaos and has an effect (code and text only with a rate). */
export function knobBadges(k: ChaosKnobs): KnobBadge[] {
  const badges: KnobBadge[] = [];
  if (k.greylistDelaySeconds > 0)
    badges.push({
      key: 'greylistDelaySeconds',
      text: `greylist ${k.greylistDelaySeconds} s`,
      tone: 'warn',
    });
  if (k.rejectRate > 0)
    badges.push({
      key: 'rejectRate',
      text: `reject ${percent(k.rejectRate)} · ${k.rejectCode}`,
      tone: 'fail',
    });
  if (k.replyDelayMs > 0)
    badges.push({ key: 'replyDelayMs', text: `delay ${k.replyDelayMs} ms`, tone: 'warn' });
  if (k.disconnectAt !== 'never')
    badges.push({ key: 'disconnectAt', text: `drop at ${k.disconnectAt}`, tone: 'fail' });
  if (k.refuseAs !== 'off')
    badges.push({
      key: 'refuseAs',
      text: `refuse as ${REFUSALS[k.refuseAs].label.split(':')[0]} · ${REFUSALS[k.refuseAs].code}`,
      tone: 'fail',
    });
  if (!k.offerStarttls) badges.push({ key: 'offerStarttls', text: 'no STARTTLS', tone: 'plain' });
  return badges;
}

const BEHAVIOURS: Record<Behaviour, { text: string; tone: Tone }> = {
  accept: { text: 'accepts', tone: 'ok' },
  'refuse-connection': { text: 'refuses connection', tone: 'fail' },
  'greet-421': { text: 'greets 421', tone: 'warn' },
  silent: { text: 'never greets', tone: 'fail' },
  'known-users': { text: 'known users only', tone: 'accent' },
  'mailbox-full': { text: 'mailbox full', tone: 'warn' },
  'broken-tls': { text: 'STARTTLS breaks', tone: 'warn' },
};

export function behaviourBadge(behaviour: Behaviour): { text: string; tone: Tone } {
  return BEHAVIOURS[behaviour];
}

export function badgeClass(tone: Tone): string {
  return tone === 'plain' ? 'badge sbx-badge' : `badge badge-${tone} sbx-badge`;
}
