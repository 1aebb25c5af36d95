import type { ReplyRule } from './rule';

const apple = 'Apple iCloud';
/** "Postmaster information for iCloud Mail", Apple Support. */
const applePostmaster = 'https://support.apple.com/en-us/102322';

export const appleRules: readonly ReplyRule[] = [
  // Source: https://support.apple.com/en-us/102322 (550 5.7.1 "[CS01] Message rejected due to
  // local policy. Please visit https://support.apple.com/en-us/HT204137"; also [HM07], [HM08])
  {
    id: 'apple-local-policy',
    text: /\[(?:CS|HM)\d{2}\] Message rejected due to local policy/i,
    provider: apple,
    meaning:
      "iCloud Mail's filters refused the message based on the sender's reputation, authentication or content.",
    action:
      'Make SPF, DKIM and DMARC pass, check your IP and domain on blocklists, review links; if it persists, write to the iCloud postmaster with the full reply.',
    url: applePostmaster,
  },
  // Source: https://support.apple.com/en-us/102322 (554 5.7.1 [HME1] "This message was blocked for
  // failing both SPF and DKIM authentication checks.")
  {
    id: 'apple-unauthenticated',
    text: /blocked for failing both SPF and DKIM authentication checks/i,
    provider: apple,
    meaning: 'Neither SPF nor DKIM passed for this message, and iCloud Mail refuses such mail.',
    action:
      'Publish SPF for the MAIL FROM domain listing this server and sign with DKIM for the From domain.',
    url: applePostmaster,
  },
  // Source: https://support.apple.com/en-us/102322 (550 5.7.0 "Blocked - see
  // https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.1")
  {
    id: 'apple-proofpoint',
    text: /Blocked - see https?:\/\/support\.proofpoint\.com\/dnsbl-lookup/i,
    provider: apple,
    meaning:
      "iCloud Mail refuses your IP because it is on Proofpoint's reputation blocklist, which Apple uses.",
    action:
      'Open the Proofpoint link in the reply: it shows the listing for your IP and has a removal request form.',
    url: applePostmaster,
  },
  // Source: https://support.apple.com/en-us/102322 (550 5.7.1 "Mail from IP 192.0.2.1 was rejected
  // due to listing in Spamhaus SBL.")
  {
    id: 'apple-spamhaus',
    text: /rejected due to listing in Spamhaus/i,
    provider: apple,
    meaning: 'iCloud Mail refuses your IP because it is on a Spamhaus blocklist.',
    action: 'Look the IP up at Spamhaus, fix the cause it gives, and ask for removal there.',
    url: applePostmaster,
    blocklist: true,
  },
  // Source: https://support.apple.com/en-us/102322 (552 5.2.2 "<x@icloud.com>: user is over quota")
  {
    id: 'apple-over-quota',
    text: /@(?:icloud|me|mac)\.com>?:? user is over quota/i,
    provider: apple,
    meaning: "The recipient's iCloud storage is full, so the mailbox takes no new mail.",
    action: 'Reach the person another way so they free up space; retrying soon will not help.',
    url: applePostmaster,
  },
  // Source: https://support.apple.com/en-us/102322 (421 4.7.1 "Messages to x@icloud.com deferred
  // due to excessive volume. Try again later")
  {
    id: 'apple-volume',
    text: /deferred due to excessive volume/i,
    provider: apple,
    meaning:
      'iCloud Mail is getting more mail than it accepts at once for this recipient or from you.',
    action: 'Let your queue retry later, with fewer connections and messages at a time.',
    url: applePostmaster,
  },
  // Source: https://support.apple.com/en-us/102322 (550 5.7.1 "Your message was rejected due to
  // example.com DMARC policy.")
  {
    id: 'apple-dmarc',
    text: /Your message was rejected due to \S+ DMARC policy/i,
    provider: apple,
    meaning: "The message failed DMARC, and the From domain's policy says reject.",
    action: 'Make SPF or DKIM pass for a domain aligned with the From address.',
    url: applePostmaster,
  },
  // Source: https://support.apple.com/en-us/102322 (550 5.7.1 "Your email was rejected due to
  // having a domain present in the Spamhaus DBL -- see https://www.spamhaus.org/dbl/")
  {
    id: 'apple-dbl',
    text: /rejected due to having a domain present in the Spamhaus DBL/i,
    provider: apple,
    meaning:
      'A domain in the message (often a link) is on the Spamhaus Domain Block List, so iCloud Mail refused it.',
    action:
      'Find which domain in the message is listed (check each link domain at Spamhaus), remove or replace it, or get it delisted.',
    url: applePostmaster,
    blocklist: true,
  },
  // Source: https://support.apple.com/en-us/102322 (550 5.1.1 "<x@icloud.com>: user does not
  // exist"; "inactive email address")
  {
    id: 'apple-no-user',
    text: /@(?:icloud|me|mac)\.com>?:? (?:user does not exist|inactive email address|unknown or illegal alias)/i,
    provider: apple,
    meaning: 'There is no active iCloud Mail address like this.',
    action: 'Check the address for typos; do not retry.',
    url: applePostmaster,
  },
];
