/**
 * RFC 3463 enhanced status codes (with later additions: RFC 3886, 4468, 4954, 5248, 6710,
 * 7372, 7505) in plain words. The class says how final it is; subject.detail says what.
 */
const details: Record<string, string> = {
  '0.0': 'no further detail was given',
  '1.0': 'something is wrong with an address',
  '1.1': 'the mailbox does not exist',
  '1.2': 'the domain does not exist or takes no mail',
  '1.3': 'the mailbox address is not valid syntax',
  '1.4': 'the mailbox address is ambiguous',
  '1.5': 'the recipient address is valid',
  '1.6': 'the mailbox has moved and there is no forwarding address',
  '1.7': "the sender's address is not valid syntax",
  '1.8': "the sender's domain does not exist or takes no mail",
  '1.9': 'the message was relayed to a system that does not speak DSN',
  '1.10': 'the recipient domain publishes a null MX: it takes no mail',
  '2.0': 'something is wrong with the mailbox',
  '2.1': 'the mailbox is disabled and takes no mail',
  '2.2': 'the mailbox is full',
  '2.3': "the message is larger than the mailbox's limit",
  '2.4': 'a mailing list could not be expanded',
  '3.0': 'something is wrong with the receiving mail system',
  '3.1': 'the receiving mail system is out of storage',
  '3.2': 'the system is not accepting mail right now',
  '3.3': 'the system does not support a feature the message needs',
  '3.4': 'the message is too big for the system',
  '3.5': 'the system is misconfigured',
  '4.0': 'there is a network or routing problem',
  '4.1': 'the host did not answer',
  '4.2': 'the connection went wrong',
  '4.3': 'a directory server (DNS) failed',
  '4.4': 'the message could not be routed',
  '4.5': 'the mail system is congested',
  '4.6': 'a routing loop was detected',
  '4.7': 'the message has been queued too long',
  '5.0': 'something went wrong in the SMTP conversation',
  '5.1': 'a command was not valid',
  '5.2': 'a command had a syntax error',
  '5.3': 'there were too many recipients',
  '5.4': 'a command had invalid arguments',
  '5.5': 'the protocol version is wrong',
  '5.6': 'an authentication line was too long',
  '6.0': 'something is wrong with the message content',
  '6.1': 'the content type is not supported',
  '6.2': 'the message would need converting, and conversion is not allowed',
  '6.3': 'the message would need converting, and the system cannot',
  '6.4': 'the message was converted with loss',
  '6.5': 'converting the message failed',
  '6.6': 'the message content is not available',
  '6.7': 'non-ASCII addresses are not allowed (no SMTPUTF8)',
  '7.0': 'a security or policy check failed',
  '7.1': 'delivery is not authorized: the message was refused by policy',
  '7.2': 'expanding the mailing list is not allowed',
  '7.3': 'a security conversion was needed but is not possible',
  '7.4': 'the security features asked for are not supported',
  '7.5': 'a cryptographic operation failed',
  '7.6': 'the cryptographic algorithm is not supported',
  '7.7': 'the message failed an integrity check',
  '7.8': 'the authentication credentials are not valid',
  '7.9': 'the authentication mechanism is too weak',
  '7.10': 'encryption is needed',
  '7.11': 'encryption is required for this authentication mechanism',
  '7.12': 'a password transition is needed',
  '7.13': 'the user account is disabled',
  '7.14': 'a trust relationship is required',
  '7.15': 'the priority is too low',
  '7.16': 'the message is too big for its priority',
  '7.17': 'the mailbox owner has changed',
  '7.18': 'the domain owner has changed',
  '7.19': 'the RRVS test could not be completed',
  '7.20': 'no passing DKIM signature was found',
  '7.21': 'no acceptable DKIM signature was found',
  '7.22': 'no valid author-matched DKIM signature was found',
  '7.23': 'SPF validation failed',
  '7.24': 'SPF validation hit an error',
  '7.25': 'reverse DNS validation failed',
  '7.26': 'several authentication checks failed',
  '7.27': 'the sender address has a null MX',
  '7.28': 'the mail was flagged as spam by volume (mailing-list rate)',
  '7.29': 'ARC validation failed',
  '7.30': 'REQUIRETLS support is required',
};

const classes: Record<string, string> = {
  '2': 'done',
  '4': 'temporary: try again later',
  '5': 'permanent: retrying will not help',
};

/** "5.1.1" → "the mailbox does not exist"; null for a code that is not RFC 3463's form. */
export function enhancedMeaning(code: string | null | undefined): string | null {
  const match = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code ?? '');
  if (!match) return null;
  return details[`${match[2]}.${match[3]}`] ?? details[`${match[2]}.0`] ?? null;
}

/** "5.1.1 — the mailbox does not exist (permanent: retrying will not help)". */
export function explainEnhanced(code: string | null | undefined): string | null {
  const meaning = enhancedMeaning(code);
  if (!meaning || !code) return null;
  return `${code} — ${meaning} (${classes[code[0] ?? ''] ?? ''})`;
}
