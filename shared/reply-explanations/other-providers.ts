import type { ReplyRule } from './rule';

const gmx = 'GMX / WEB.DE';
/** "Error messages when sending emails to GMX", GMX Postmaster (WEB.DE's page is the same). */
const gmxErrors = 'https://postmaster.gmx.com/en/error-messages';

/** GMX / WEB.DE, Zoho and Fastmail. */
export const otherProviderRules: readonly ReplyRule[] = [
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
  // Source: Fastmail's inbound reply, which links its own page ("554 5.7.1
  // <host[192.0.2.1]>: Client host rejected: Address locked or deactivated; see
  // http://mail.messagingengine.com/docs/locked.html"); Fastmail's "Why messages bounce back"
  {
    id: 'fastmail-locked',
    text: /Address locked or deactivated; see https?:\/\/mail\.messagingengine\.com/i,
    provider: 'Fastmail',
    meaning:
      'Fastmail refused the mail because the Fastmail account involved is locked or deactivated.',
    action:
      'Nothing to fix on your side if the recipient is at Fastmail: reach them another way. If it is your own account, contact Fastmail support.',
    url: 'https://fastmail.help/hc/en-us/articles/7010500320655-Why-messages-bounce-back',
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
