import type { ReplyRule } from './rule';

const provider = 'Microsoft 365 / Outlook.com';
const onPrem = 'Microsoft Exchange (on-premises)';
/** "Email non-delivery reports and SMTP errors in Exchange Online", Microsoft Learn. */
const ndr =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online';
/** "Outlook.com Postmaster" (consumer mailboxes: outlook.com, hotmail.com, live.com). */
const outlookPostmaster = 'https://sendersupport.olc.protection.outlook.com/pm/';
/** "Non-delivery reports and bounce messages in Exchange Server", Microsoft Learn. */
const exchangeNdr =
  'https://learn.microsoft.com/en-us/exchange/mail-flow/non-delivery-reports-and-bounce-messages/non-delivery-reports-and-bounce-messages';

export const microsoftRules: readonly ReplyRule[] = [
  // Source: https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online
  // (5.7.606-5.7.649 "Access denied, banned sending IP [IP address]. To request removal from
  // this list please visit https://sender.office.com/ and follow the directions.")
  {
    id: 'microsoft-banned-ip',
    enhanced: /^5\.7\.6(?:0[6-9]|[1-3]\d|4\d)$/,
    text: /Access denied/i,
    provider,
    meaning:
      'Microsoft has your sending IP on its own block list, so Exchange Online refuses mail from it.',
    action:
      'Request removal at https://sender.office.com/ after fixing whatever sent unwanted mail from this IP.',
    url: ndr,
  },
  // Source: Microsoft Learn NDR list above (5.7.708 "Service unavailable. Access denied, traffic
  // not accepted from this IP.")
  {
    id: 'microsoft-traffic-not-accepted',
    enhanced: /^5\.7\.708$/,
    text: /traffic not accepted from this IP/i,
    provider,
    meaning:
      'Exchange Online does not accept mail from this IP at all, often because it belongs to a range with a poor reputation or a new tenant.',
    action:
      'Send from an IP with a good reputation, or relay through a provider that Microsoft accepts.',
    url: ndr,
  },
  // Source: Microsoft Learn NDR list above (550 5.7.1 "Service unavailable, Client host [IP]
  // blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/...")
  {
    id: 'microsoft-spamhaus',
    text: /Client host \[[^\]]*\] blocked using Spamhaus\b/i,
    provider,
    meaning: 'Your sending IP is on a Spamhaus blocklist, which Exchange Online checks.',
    action:
      'Look the IP up at Spamhaus, fix the cause named there (for example an infected host or a dynamic range), and ask for removal.',
    url: ndr,
    blocklist: true,
  },
  // Source: https://sendersupport.olc.protection.outlook.com/pm/ (550 5.7.1 "Unfortunately,
  // messages from [IP] weren't sent. Please contact your Internet service provider since part of
  // their network is on our block list (S3150).")
  {
    id: 'outlook-network-block',
    text: /part of their network is on our block list \(S3\d{3}\)/i,
    provider,
    meaning:
      "Outlook.com blocks the network range your IP is in, not just your own IP, based on Microsoft's own data.",
    action:
      'Ask for delisting through the Outlook.com postmaster sender support form, and tell your hosting provider about the range listing.',
    url: outlookPostmaster,
  },
  // Source: Microsoft Learn NDR list above (451 4.7.650 "The mail server [IP] has been
  // temporarily rate limited due to IP reputation.")
  {
    id: 'microsoft-rate-limited',
    enhanced: /^4\.7\.65\d$/,
    text: /temporarily rate limited due to IP reputation/i,
    provider,
    meaning:
      'Microsoft is slowing down mail from your IP because its reputation is poor or unknown, as with a new IP.',
    action:
      'Retry later and send at a steady, low rate; a new IP needs to build up volume gradually.',
    url: ndr,
  },
  // Source: Microsoft Learn NDR list above (451 4.7.500-699 "Server busy. Please try again later
  // from [IP]. (S77714)")
  {
    id: 'microsoft-server-busy',
    enhanced: /^4\.7\.[56]\d\d$/,
    text: /Server busy\. Please try again later/i,
    provider,
    meaning:
      'Exchange Online is throttling connections from your IP; the wording says busy, but it is about your sending pattern.',
    action: 'Let your queue retry later and open fewer connections at once.',
    url: ndr,
  },
  // Source: Microsoft Learn NDR list above (550 5.7.509 "Access denied, sending domain
  // [example.com] does not pass DMARC verification and has a DMARC policy of reject.")
  {
    id: 'microsoft-dmarc-reject',
    enhanced: /^5\.7\.509$/,
    text: /does not pass DMARC verification and has a DMARC policy of reject/i,
    provider,
    meaning: "The message failed DMARC for the From domain, and that domain's policy is reject.",
    action:
      'Make SPF or DKIM pass for a domain aligned with the From address, or send from a domain you are authorized to use.',
    url: ndr,
  },
  // Source: Microsoft Learn NDR list above (550 5.1.10 "RESOLVER.ADR.RecipientNotFound;
  // Recipient not found by SMTP address lookup")
  {
    id: 'microsoft-recipient-not-found',
    text: /RESOLVER\.ADR\.RecipientNotFound|Recipient not found by SMTP address lookup/i,
    provider,
    meaning: 'The recipient domain is hosted in Microsoft 365, but no mailbox has this address.',
    action: 'Check the address for typos; do not retry.',
    url: ndr,
  },
  // Source: Microsoft Learn NDR list above (550 5.4.1 "Recipient address rejected: Access
  // denied. AS(201806281)")
  {
    id: 'microsoft-relay-denied',
    enhanced: /^5\.4\.1$/,
    text: /Recipient address rejected: Access denied/i,
    provider,
    meaning:
      'Exchange Online will not accept mail for this address here: the domain is not set up in this tenant, or the tenant checks recipients and this one does not exist.',
    action:
      "Check the address and the domain's MX records; if the domain recently moved to Microsoft 365, its admin must finish setting it up.",
    url: ndr,
  },
  // Source: https://learn.microsoft.com/en-us/exchange/mail-flow/non-delivery-reports-and-bounce-messages/non-delivery-reports-and-bounce-messages
  // (550 5.7.1 / 5.7.60 "Client does not have permissions to send as this sender")
  {
    id: 'exchange-send-as',
    text: /Client does not have permissions to send as this sender/i,
    provider: onPrem,
    meaning:
      'The Exchange server will not take mail with this sender address from this client or connector.',
    action:
      'Use a sender address you are allowed to send as, or ask the Exchange admin to grant Send As or adjust the receive connector.',
    url: exchangeNdr,
  },
  // Source: Exchange Server NDR list above (530 5.7.57 "SMTP; Client was not authenticated to send
  // anonymous mail during MAIL FROM")
  {
    id: 'exchange-anonymous',
    text: /Client was not authenticated to send anonymous mail/i,
    provider: onPrem,
    meaning:
      'This Exchange receive connector does not take unauthenticated mail; it is a submission or internal port, not the MX.',
    action:
      "Send to the domain's MX host on port 25, or authenticate if you meant to use this server as a relay.",
    url: exchangeNdr,
  },
  // Source: Exchange Server NDR list above (550 5.7.1 "RESOLVER.RST.NotAuthorized; not
  // authorized"; 5.7.1 "RESOLVER.RST.AuthRequired; authentication required")
  {
    id: 'exchange-recipient-restricted',
    text: /RESOLVER\.RST\.(?:NotAuthorized|AuthRequired)/i,
    provider: onPrem,
    meaning:
      'The recipient (often a group or restricted mailbox) only accepts mail from certain or authenticated senders.',
    action:
      "Ask the recipient's admin to allow your sender address, or send from inside their organization.",
    url: exchangeNdr,
  },
  // Source: Exchange Server NDR list above (550 5.7.54 "SMTP; Unable to relay recipient in
  // non-accepted domain")
  {
    id: 'exchange-relay',
    text: /Unable to relay recipient in non-accepted domain/i,
    provider: onPrem,
    meaning:
      'This Exchange server is not responsible for the recipient domain and will not relay mail to it for you.',
    action: "Send to the recipient domain's own MX host, or authenticate if this is your relay.",
    url: exchangeNdr,
  },
];
