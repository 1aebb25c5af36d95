import type { ReplyRule } from './rule';

const yahoo = 'Yahoo / AOL';
/** "SMTP Error Codes", Yahoo Sender Hub (covers Yahoo and AOL mail). */
const yahooCodes = 'https://senders.yahooinc.com/smtp-error-codes/';
const apple = 'Apple iCloud';
/** "Postmaster information for iCloud Mail", Apple Support. */
const applePostmaster = 'https://support.apple.com/en-us/102322';
const gmx = 'GMX / WEB.DE';
/** "Error messages when sending emails to GMX", GMX Postmaster (WEB.DE's page is the same). */
const gmxErrors = 'https://postmaster.gmx.com/en/error-messages';

export const mailboxProviderRules: readonly ReplyRule[] = [
  // Source: https://senders.yahooinc.com/smtp-error-codes/ (421 4.7.0 [TSS04] "Messages from
  // x.x.x.x temporarily deferred due to unexpected volume or user complaints")
  {
    id: 'yahoo-tss04',
    text: /\[TSS04\]|temporarily deferred due to unexpected volume or user complaints/i,
    provider: yahoo,
    meaning:
      'Yahoo is deferring mail from your IP because of a sudden rise in volume or complaints from its users.',
    action:
      'Let your queue retry with a lower rate, and look at what recipients are complaining about (the Yahoo complaint feedback loop helps).',
    url: yahooCodes,
  },
  // Source: https://senders.yahooinc.com/smtp-error-codes/ (553 5.7.2 [TSS09] "All messages from
  // x.x.x.x will be permanently deferred; Retrying will NOT succeed.")
  {
    id: 'yahoo-tss09',
    text: /\[TSS09\]|will be permanently deferred/i,
    provider: yahoo,
    meaning: 'Yahoo has blocked your sending IP for good; retrying will not get through.',
    action:
      'Stop sending from this IP to Yahoo and AOL, fix the cause of complaints, then contact Yahoo through the Sender Hub.',
    url: yahooCodes,
  },
  // Source: https://senders.yahooinc.com/smtp-error-codes/ (553 5.7.1 [BL21] "Connections will not
  // be accepted from 192.0.2.25, because the ip is in Spamhaus's list"; [BL23] "Connections not
  // accepted from IP addresses on Spamhaus XBL")
  {
    id: 'yahoo-spamhaus',
    text: /\[BL2\d\] Connections (?:will )?not (?:be )?accepted/i,
    provider: yahoo,
    meaning: 'Yahoo refuses connections from your IP because it is on a Spamhaus blocklist.',
    action:
      'Look the IP up at Spamhaus, fix the cause it gives, and ask for removal there; Yahoo follows the listing.',
    url: yahooCodes,
    blocklist: true,
  },
  // Source: https://senders.yahooinc.com/smtp-error-codes/ (550 5.7.9 "This mail has been blocked
  // because the sender is unauthenticated. Yahoo requires all senders to authenticate with either
  // SPF or DKIM.")
  {
    id: 'yahoo-unauthenticated',
    text: /Yahoo requires all senders to authenticate/i,
    provider: yahoo,
    meaning:
      'Neither SPF nor DKIM passed for this message, and Yahoo refuses unauthenticated mail.',
    action:
      'Publish SPF for the MAIL FROM domain listing this server and sign with DKIM for the From domain.',
    url: yahooCodes,
  },
  // Source: https://senders.yahooinc.com/smtp-error-codes/ (554 5.7.9 "Message not accepted for
  // policy reasons. See https://postmaster.yahooinc.com/error-codes")
  {
    id: 'yahoo-policy',
    text: /Message not accepted for policy reasons/i,
    provider: yahoo,
    meaning:
      "Yahoo refused the message on policy grounds; most often the From domain's DMARC policy says reject and the message failed DMARC.",
    action:
      'Check that SPF or DKIM passes and aligns with the From domain; if it does, the content or reputation triggered the refusal.',
    url: yahooCodes,
  },
  // Source: https://senders.yahooinc.com/smtp-error-codes/ (554 "Message not allowed - [PH01]
  // Email not accepted for policy reasons")
  {
    id: 'yahoo-ph01',
    text: /Message not allowed - \[PH01\]/i,
    provider: yahoo,
    meaning: "Yahoo's filters judged this message to be unwanted, based on its content or links.",
    action:
      'Review the content and links, check that the links do not point to blocklisted domains, and test a plain version.',
    url: yahooCodes,
  },
  // Source: https://senders.yahooinc.com/smtp-error-codes/ (554 "Message not allowed - Headers are
  // not RFC compliant[291]"; "[299]")
  {
    id: 'yahoo-headers',
    text: /Message not allowed - .{0,60}\[\d{3}\]/i,
    provider: yahoo,
    meaning:
      'Yahoo refused the message because its headers break the message format rules, for example a missing or duplicated header.',
    action:
      'Check the message headers: one From, one Date, one Message-ID, one Subject, and syntactically valid addresses.',
    url: yahooCodes,
  },
  // Source: https://senders.yahooinc.com/smtp-error-codes/ (554 "delivery error: dd This user
  // doesn't have a yahoo.com account")
  {
    id: 'yahoo-no-account',
    text: /This user doesn't have a \S+ account/i,
    provider: yahoo,
    meaning: 'There is no Yahoo or AOL account with this address.',
    action: 'Check the address for typos; do not retry.',
    url: yahooCodes,
  },
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
  // Source: https://postmaster.gmx.com/en/error-messages ("554-gmx.net (mxgmx104) Nemesis ESMTP
  // Service not available 554-No SMTP service 554-IP address is block listed. 554 For
  // explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=...")
  {
    id: 'gmx-ip-listed',
    text: /IP address is (?:black|block) ?listed/i,
    provider: gmx,
    meaning:
      'GMX and WEB.DE refuse connections from your IP because it is on a blocklist they use, their own or a public one.',
    action:
      'Open the explanation link in the reply: it names the reason for your IP and has a contact form. Check public blocklists too.',
    url: gmxErrors,
  },
  // Source: https://postmaster.gmx.com/en/error-messages ("554-Transaction failed 554-Reject due
  // to policy restrictions. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0302...")
  {
    id: 'gmx-policy',
    text: /Reject due to policy restrictions/i,
    provider: gmx,
    meaning:
      'GMX and WEB.DE refused the message under their sending policy, for example missing reverse DNS, a bad HELO name, or the message format.',
    action:
      'Open the explanation link in the reply: its case code names the exact rule. Fix that and retry.',
    url: gmxErrors,
  },
  // Source: https://postmaster.gmx.com/en/error-messages ("550 <x@example.com>: Reject due to SPF
  // policy. The originating IP of the message is not permitted by the domain owner")
  {
    id: 'gmx-spf',
    text: /Reject due to SPF policy/i,
    provider: gmx,
    meaning:
      "Your sending IP is not in the SPF record of the sender's domain, and that record says to reject others.",
    action:
      "Add this server to the sender domain's SPF record; if you forward mail, rewrite the sender (SRS).",
    url: gmxErrors,
  },
  // Source: https://postmaster.gmx.com/en/error-messages ("550 <x@gmx.net>: Requested action not
  // taken: mailbox unavailable")
  {
    id: 'gmx-no-mailbox',
    text: /@(?:gmx\.[a-z.]+|web\.de|mail\.com)>:? Requested action not taken: mailbox unavailable/i,
    provider: gmx,
    meaning: 'There is no GMX, WEB.DE or mail.com mailbox with this address, or it is closed.',
    action: 'Check the address for typos; do not retry.',
    url: gmxErrors,
  },
  // Source: https://www.zoho.com/mail/help/usage-policy.html (550 5.4.6 "Unusual sending activity
  // detected. Please try after sometime.")
  {
    id: 'zoho-unusual-activity',
    text: /Unusual sending activity detected/i,
    provider: 'Zoho',
    meaning:
      'Zoho has paused outgoing mail from this account because it sent more, or more bounces, than usual.',
    action:
      "Unblock the account in Zoho Mail (or ask the organization's admin) and keep to Zoho's sending limits.",
    url: 'https://www.zoho.com/mail/help/usage-policy.html',
  },
  // Source: https://www.zoho.com/mail/help/spam-reason.html (554 5.7.1 "Email cannot be delivered.
  // Reason: Email flagged as Spam.")
  {
    id: 'zoho-flagged-spam',
    text: /Email cannot be delivered\. Reason: Email flagged as Spam/i,
    provider: 'Zoho',
    meaning: "Zoho's spam filter judged this message to be spam and refused it.",
    action:
      'Make SPF, DKIM and DMARC pass, check your IP and domain on blocklists, and review the content and links.',
    url: 'https://www.zoho.com/mail/help/spam-reason.html',
  },
  // Source: Zoho Mail / ZeptoMail documentation, https://www.zoho.com/mail/help/ ("553 Relaying
  // disallowed as <address>", also returned by mx.zoho.com for a domain Zoho does not host)
  {
    id: 'zoho-relaying-disallowed',
    text: /Relaying disallowed/i,
    provider: 'Zoho',
    meaning:
      'Zoho will not take this mail: the recipient domain is not hosted there, or the sender address does not belong to the account.',
    action:
      "Check the recipient domain's MX records point to Zoho, or send from an address of your own Zoho account.",
    url: 'https://www.zoho.com/mail/help/',
  },
  // Source: https://fastmail.help/hc/en-us/articles/7010500320655-Why-messages-bounce-back
  // ("551 5.7.1 Not authorised to send from this header address")
  {
    id: 'fastmail-header-address',
    text: /Not authori[sz]ed to send from this header address/i,
    provider: 'Fastmail',
    meaning:
      'Fastmail only sends mail whose From address belongs to your account, and this one does not.',
    action: 'Add the address as a sending identity in Fastmail, or use one that is already set up.',
    url: 'https://fastmail.help/hc/en-us/articles/7010500320655-Why-messages-bounce-back',
  },
];
