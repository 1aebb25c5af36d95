import type { ChaosKnobs, HostBehaviour } from '../../shared/sandbox';

export { NO_CHAOS } from '../../shared/sandbox';

export type Behaviour = HostBehaviour;

export interface ScenarioHostSpec {
  name: string;
  preference: number;
  behaviour: Behaviour;
}

export interface ScenarioSpec {
  domain: string;
  title: string;
  description: string;
  hosts: ScenarioHostSpec[];
  knobs: Partial<ChaosKnobs>;
}

/** The greylist scenario's wait: short enough to watch the countdown reach zero. */
export const SANDBOX_GREYLIST_SECONDS = 30;

/** Accounts of reject.sandbox.test; every other local part gets 550 5.1.1. */
export const KNOWN_USERS = ['alice', 'bob'];

const one = (domain: string, behaviour: Behaviour = 'accept'): ScenarioHostSpec[] => [
  { name: `mx.${domain}`, preference: 10, behaviour },
];

/** The scenarios, in the order a new user meets them. */
export const SCENARIOS: ScenarioSpec[] = [
  {
    domain: 'ok.sandbox.test',
    title: 'Accepts',
    description: 'One MX that offers STARTTLS (a self-signed certificate) and accepts everything.',
    hosts: one('ok.sandbox.test'),
    knobs: {},
  },
  {
    domain: 'greylist.sandbox.test',
    title: 'Greylisting',
    description: `450 4.7.1 for the first attempt of each sender and recipient, accepted once ${SANDBOX_GREYLIST_SECONDS} s have passed.`,
    hosts: one('greylist.sandbox.test'),
    knobs: { greylistDelaySeconds: SANDBOX_GREYLIST_SECONDS },
  },
  {
    domain: 'failover.sandbox.test',
    title: 'Failover',
    description: 'MX 10 refuses the connection, MX 20 greets with 421, MX 30 accepts.',
    hosts: [
      { name: 'mx10.failover.sandbox.test', preference: 10, behaviour: 'refuse-connection' },
      { name: 'mx20.failover.sandbox.test', preference: 20, behaviour: 'greet-421' },
      { name: 'mx30.failover.sandbox.test', preference: 30, behaviour: 'accept' },
    ],
    knobs: { offerStarttls: false },
  },
  {
    domain: 'blackhole.sandbox.test',
    title: 'Silent MX',
    description:
      'MX 10 takes the connection and never greets; MX 20 accepts. After 2 s without a greeting MXray starts MX 20 beside it (staggered connect), and the first to greet carries the message.',
    hosts: [
      { name: 'mx10.blackhole.sandbox.test', preference: 10, behaviour: 'silent' },
      { name: 'mx20.blackhole.sandbox.test', preference: 20, behaviour: 'accept' },
    ],
    knobs: { offerStarttls: false },
  },
  {
    domain: 'downgrade.sandbox.test',
    title: 'Broken STARTTLS',
    description:
      'Offers STARTTLS, but every handshake fails: under "If offered" MXray sends again without TLS, and warns that the message crossed the network in clear.',
    hosts: one('downgrade.sandbox.test', 'broken-tls'),
    knobs: {},
  },
  {
    domain: 'slow.sandbox.test',
    title: 'Slow',
    description: 'Every reply comes about a second late, so each phase shows its own time.',
    hosts: one('slow.sandbox.test'),
    knobs: { replyDelayMs: 1000 },
  },
  {
    domain: 'reject.sandbox.test',
    title: 'Unknown users',
    description: `Only ${KNOWN_USERS.map((u) => `${u}@`).join(' and ')} exist; any other recipient gets 550 5.1.1.`,
    hosts: one('reject.sandbox.test', 'known-users'),
    knobs: { offerStarttls: false },
  },
  {
    domain: 'catchall.sandbox.test',
    title: 'Catch-all',
    description: 'Accepts any recipient, whether or not such a mailbox could exist.',
    hosts: one('catchall.sandbox.test'),
    knobs: { offerStarttls: false },
  },
  {
    domain: 'full.sandbox.test',
    title: 'Mailbox full',
    description: 'Every recipient gets 452 4.2.2: the mailbox is full, try again later.',
    hosts: one('full.sandbox.test', 'mailbox-full'),
    knobs: { offerStarttls: false },
  },
  {
    domain: 'drop.sandbox.test',
    title: 'Dropped after the dot',
    description:
      'Takes the whole message, then closes the connection before answering the final dot.',
    hosts: one('drop.sandbox.test'),
    knobs: { offerStarttls: false, disconnectAt: 'dot' },
  },
  {
    domain: 'nullmx.sandbox.test',
    title: 'Null MX',
    description: 'Publishes a null MX (RFC 7505): the domain takes no mail, nothing is dialled.',
    hosts: [],
    knobs: {},
  },
];
