import type { ReplyRule } from './rule';

const yahoo = 'Yahoo / AOL';
/** "SMTP Error Codes", Yahoo Sender Hub (covers Yahoo and AOL mail). */
const yahooCodes = 'https://senders.yahooinc.com/smtp-error-codes/';

export const yahooRules: readonly ReplyRule[] = [
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
];
