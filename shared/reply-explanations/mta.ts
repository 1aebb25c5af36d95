import type { ReplyRule } from './rule';

/** A host name such as zen.spamhaus.org: two labels or more. */
export const HOST = String.raw`[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+`;

/** Postfix's own documentation of its restrictions and their replies. */
const postfixConf = 'https://www.postfix.org/postconf.5.html';
/** Exim's specification, the chapter on access control lists (dnslists, spf). */
const eximAcl =
  'https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html';

export const mtaRules: readonly ReplyRule[] = [
  // Source: Postfix smtpd_check.c, reject_rbl_client / reject_rhsbl_*; documented at
  // https://www.postfix.org/postconf.5.html#reject_rbl_client ("554 5.7.1 Service unavailable;
  // Client host [192.0.2.1] blocked using zen.spamhaus.org")
  {
    id: 'postfix-dnsbl',
    text: new RegExp(String.raw`Service unavailable; .{0,80}\[[^\]]+\] blocked using ${HOST}`, 'i'),
    provider: 'Postfix',
    meaning:
      'Your sending IP (or domain) is on a DNS blocklist that this server checks, so it refuses your mail.',
    action:
      'Look the IP up at the named blocklist, fix the cause it gives, and ask for delisting there.',
    url: `${postfixConf}#reject_rbl_client`,
    blocklist: true,
  },
  // Source: https://www.postfix.org/postconf.5.html#reject_unknown_client_hostname ("450 4.7.1
  // Client host rejected: cannot find your hostname, [192.0.2.1]"; "cannot find your reverse
  // hostname")
  {
    id: 'postfix-no-ptr',
    text: /Client host rejected: cannot find your (?:reverse )?hostname/i,
    provider: 'Postfix',
    meaning:
      'Your sending IP has no reverse DNS (PTR) name, or the name does not resolve back to the IP.',
    action:
      'Ask whoever owns the IP to set a PTR record to a hostname whose A/AAAA record points back to it.',
    url: `${postfixConf}#reject_unknown_client_hostname`,
  },
  // Source: postgrey's reply as seen through Postfix, https://postgrey.schweikert.ch/ ("450 4.2.0
  // <x@example.com>: Recipient address rejected: Greylisted, see
  // http://postgrey.schweikert.ch/help/example.com.html")
  {
    id: 'postfix-postgrey',
    text: /Greylisted,? see https?:\/\/postgrey/i,
    provider: 'Postfix',
    meaning:
      'The server is greylisting: it turns away mail from a sender it has not seen before, once, and accepts a retry a few minutes later.',
    action:
      'Nothing is wrong; retry after a few minutes (a normal mail queue does this by itself).',
    url: 'https://postgrey.schweikert.ch/',
  },
  // Source: https://www.postfix.org/postconf.5.html#reject_non_fqdn_helo_hostname ("504 5.5.2
  // <localhost>: Helo command rejected: need fully-qualified hostname")
  {
    id: 'postfix-helo-fqdn',
    text: /Helo command rejected: need fully-qualified hostname/i,
    provider: 'Postfix',
    meaning: 'The name sent in EHLO/HELO is not a full domain name (like mail.example.com).',
    action:
      "Set the HELO name to your server's full hostname, ideally the one its PTR record gives.",
    url: `${postfixConf}#reject_non_fqdn_helo_hostname`,
  },
  // Source: https://www.postfix.org/postconf.5.html#reject_unknown_helo_hostname ("450 4.7.1
  // <host.example>: Helo command rejected: Host not found")
  {
    id: 'postfix-helo-unknown',
    text: /Helo command rejected: Host not found/i,
    provider: 'Postfix',
    meaning: 'The name sent in EHLO/HELO has no A, AAAA or MX record in DNS.',
    action: "Use a HELO name that resolves, ideally the one your IP's PTR record gives.",
    url: `${postfixConf}#reject_unknown_helo_hostname`,
  },
  // Source: https://www.postfix.org/postconf.5.html#reject_unknown_sender_domain ("450 4.1.8
  // <x@nonexistent.example>: Sender address rejected: Domain not found")
  {
    id: 'postfix-sender-domain',
    text: /Sender address rejected: Domain not found/i,
    provider: 'Postfix',
    meaning:
      'The domain of your MAIL FROM address has no MX or A record, so replies could not reach it.',
    action: 'Send from an address whose domain exists in DNS with an MX or A record.',
    url: `${postfixConf}#reject_unknown_sender_domain`,
  },
  // Source: pypolicyd-spf for Postfix, https://launchpad.net/pypolicyd-spf ("550 5.7.1 <x@y>:
  // Recipient address rejected: Message rejected due to: SPF fail - not authorized.")
  {
    id: 'postfix-policyd-spf',
    text: /Message rejected due to: SPF fail/i,
    provider: 'Postfix',
    meaning:
      'Your sending IP is not allowed by the SPF record of the MAIL FROM domain, and that record says to fail others.',
    action:
      'Add this server to the SPF record of the MAIL FROM domain, or send from a domain that lists it.',
    url: 'https://www.postfix.org/SMTPD_POLICY_README.html',
  },
  // Source: https://www.postfix.org/LOCAL_RECIPIENT_README.html and ADDRESS_VERIFICATION_README
  // ("550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in local recipient
  // table"; "in virtual mailbox table")
  {
    id: 'postfix-user-unknown',
    text: /Recipient address rejected: User unknown in (?:local recipient|virtual mailbox|virtual alias|relay recipient) table/i,
    provider: 'Postfix',
    meaning: 'The server knows the domain but has no mailbox with this address.',
    action: 'Check the address for typos; do not retry.',
    url: 'https://www.postfix.org/LOCAL_RECIPIENT_README.html',
  },
  // Source: https://www.postfix.org/postconf.5.html#reject_unauth_destination ("554 5.7.1
  // <x@example.com>: Relay access denied")
  {
    id: 'postfix-relay-denied',
    text: /Relay access denied/i,
    provider: 'Postfix',
    meaning:
      'This server does not handle mail for the recipient domain and will not relay it for an unauthenticated sender.',
    action: "Send to the recipient domain's own MX host, or authenticate if this is your relay.",
    url: `${postfixConf}#reject_unauth_destination`,
  },
  // Source: Exim specification, dnslists ACL condition default message ("550 rejected because
  // 192.0.2.1 is in a black list at zen.spamhaus.org")
  {
    id: 'exim-dnsbl',
    text: new RegExp(`is in a black ?list at ${HOST}`, 'i'),
    provider: 'Exim',
    meaning:
      'Your sending IP is on a DNS blocklist that this server checks, so it refuses your mail.',
    action:
      'Look the IP up at the named blocklist, fix the cause it gives, and ask for delisting there.',
    url: eximAcl,
    blocklist: true,
  },
  // Source: Exim specification, the default text of a "defer" ACL verb without a message ("451
  // Temporary local problem - please try later"); greylisting setups often use it
  {
    id: 'exim-temporary',
    text: /Temporary local problem - please try later/i,
    provider: 'Exim',
    meaning:
      'Exim deferred the mail without saying why; it is often greylisting, or a lookup on the server that failed for now.',
    action:
      'Retry later (your queue should). If it never clears, ask the postmaster of the domain.',
    url: eximAcl,
  },
  // Source: Exim specification, spf ACL condition example ("550 192.0.2.1 is not allowed to send
  // mail from example.com"); cPanel/Exim builds say "SPF check failed"
  {
    id: 'exim-spf',
    text: /is not allowed to send mail from \S+|SPF check failed/i,
    provider: 'Exim',
    meaning: "Your sending IP is not allowed by the SPF record of the sender's domain.",
    action:
      "Add this server to the sender domain's SPF record, or send from a domain that lists it.",
    url: eximAcl,
  },
];
