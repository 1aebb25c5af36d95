import { describe, expect, it } from 'vitest';
import {
  blocklistNamed,
  delistPage,
  explainReply,
  matchReplyRule,
  ReplyExplanation,
  replyProse,
  replyRules,
} from './reply-explanations';

interface Sample {
  rule: string;
  provider: string;
  code: number;
  enhanced?: string | null;
  /** As the server sent it, one line per reply line. */
  text: string;
  /** A word or phrase the meaning must contain. */
  means: RegExp;
}

/** Real replies, as their cited sources publish them (addresses and IPs made documentation ones). */
const samples: Sample[] = [
  // Gmail
  {
    rule: 'gmail-dmarc',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.26',
    text: "5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n5.7.26 DMARC policy. Please contact the administrator of example.com domain if\n5.7.26 this was a legitimate mail. - gsmtp",
    means: /DMARC/,
  },
  {
    rule: 'gmail-spf-hardfail',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.26',
    text: '5.7.26 This message fails to pass SPF checks for an SPF record with a hard fail\n5.7.26 policy (-all). To best protect our users from spam and phishing, the message has been blocked.',
    means: /SPF/,
  },
  {
    rule: 'gmail-unauthenticated',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.26',
    text: '5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail\n5.7.26 requires all senders to authenticate with either SPF or DKIM.',
    means: /SPF nor DKIM/,
  },
  {
    rule: 'gmail-spf',
    provider: 'Gmail',
    code: 421,
    enhanced: '4.7.27',
    text: "4.7.27 Your email has been rate limited because SPF authentication didn't pass\n4.7.27 for this message. Gmail requires all bulk email senders to authenticate with SPF.",
    means: /SPF did not pass/,
  },
  {
    rule: 'gmail-dkim',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.30',
    text: '5.7.30 This mail has been blocked because DKIM does not pass. Gmail requires all\n5.7.30 large senders to authenticate with DKIM. Authentication results: DKIM = did not pass.',
    means: /DKIM/,
  },
  {
    rule: 'gmail-alignment',
    provider: 'Gmail',
    code: 421,
    enhanced: '4.7.32',
    text: "4.7.32 Your email has been rate limited because the From: header (RFC5322) in\n4.7.32 this message isn't aligned with either the authenticated SPF or DKIM\n4.7.32 organizational domain.",
    means: /alignment/,
  },
  {
    rule: 'gmail-rate-limited',
    provider: 'Gmail',
    code: 421,
    enhanced: '4.7.28',
    text: '4.7.28 Gmail has detected an unusual rate of mail originating from your IP address\n4.7.28 192.0.2.25. To protect our users from spam, mail has been temporarily rate\n4.7.28 limited. https://support.google.com/mail/?p=UnsolicitedRateLimitError',
    means: /accepting only a little/,
  },
  {
    rule: 'gmail-rate-blocked',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 [2001:db8::1] Our system has detected an unusual rate\n5.7.1 of unsolicited mail originating from your IP address. To protect our\n5.7.1 users from spam, mail sent from your IP address has been blocked.',
    means: /refuses it outright/,
  },
  {
    rule: 'gmail-likely-spam',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 [192.0.2.1] Our system has detected that this message is\n5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n5.7.1 this message has been blocked.',
    means: /spam/,
  },
  {
    rule: 'gmail-suspicious',
    provider: 'Gmail',
    code: 421,
    enhanced: '4.7.0',
    text: '4.7.0 This message is suspicious due to the very low reputation of the\n4.7.0 sending IP address. To protect our users from spam, mail sent from your IP\n4.7.0 address has been temporarily rate limited.',
    means: /reputation/,
  },
  {
    rule: 'gmail-not-allowlisted',
    provider: 'Gmail',
    code: 421,
    enhanced: '4.7.0',
    text: '4.7.0 IP not in whitelist for RCPT domain, closing connection.',
    means: /listed/,
  },
  {
    rule: 'gmail-ip-not-authorized',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.1',
    text: "5.7.1 The IP you're using to send mail is not authorized to send email directly\n5.7.1 to our servers. Please use the SMTP relay at your service provider instead.",
    means: /directly/,
  },
  {
    rule: 'gmail-tls-required',
    provider: 'Gmail',
    code: 421,
    enhanced: '4.7.0',
    text: '4.7.0 TLS required for RCPT domain, closing connection.',
    means: /TLS/,
  },
  {
    rule: 'gmail-rate-limited',
    provider: 'Gmail',
    code: 421,
    enhanced: '4.7.0',
    // As quoted on NANOG (community.nanog.org/t/gmail-throttling/45385), lines as sent.
    text: '421-4.7.0 [192.0.2.2 15] Our system has detected an unusual rate of\n421-4.7.0 unsolicited mail originating from your IP address. To protect our\n421-4.7.0 users from spam, mail sent from your IP address has been temporarily\n421 4.7.0 rate limited.',
    means: /accepting only a little/,
  },
  {
    rule: 'gmail-spf-suspicious',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.24',
    text: '5.7.24 The SPF record of the sending domain has one or more suspicious entries.\n5.7.24 For more information, go to Email sender guidelines.',
    means: /SPF record/,
  },
  {
    rule: 'gmail-rfc5322',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 This message is not RFC 5322 compliant because it has duplicate headers.\n5.7.1 To reduce the amount of spam sent to Gmail, this message has been blocked.',
    means: /RFC 5322/,
  },
  {
    rule: 'gmail-ptr',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.7.25',
    text: '5.7.25 [2001:db8::1] The IP address sending this message does not have a\n5.7.25 PTR record setup, or the corresponding forward DNS entry does not point\n5.7.25 to the sending IP. As a policy, Gmail does not accept messages from IPs\n5.7.25 with missing PTR records.',
    means: /PTR/,
  },
  {
    rule: 'gmail-no-such-user',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.1.1',
    text: "5.1.1 The email account that you tried to reach does not exist. Please try\n5.1.1 double-checking the recipient's email address for typos or\n5.1.1 unnecessary spaces. For more information, go to\n5.1.1  https://support.google.com/mail/?p=NoSuchUser - gsmtp",
    means: /no Gmail account/,
  },
  {
    rule: 'gmail-disabled',
    provider: 'Gmail',
    code: 550,
    enhanced: '5.2.1',
    text: '5.2.1 The email account that you tried to reach is disabled.',
    means: /disabled/,
  },
  {
    rule: 'gmail-over-quota',
    provider: 'Gmail',
    code: 452,
    enhanced: '4.2.2',
    text: '4.2.2 The email account that you tried to reach is over quota. Please direct\n4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp',
    means: /full/,
  },
  // Microsoft
  {
    rule: 'microsoft-banned-ip',
    provider: 'Microsoft 365 / Outlook.com',
    code: 550,
    enhanced: '5.7.606',
    text: '5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)',
    means: /block list/,
  },
  {
    rule: 'microsoft-traffic-not-accepted',
    provider: 'Microsoft 365 / Outlook.com',
    code: 550,
    enhanced: '5.7.708',
    text: '5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(4150)',
    means: /does not accept mail from this IP/,
  },
  {
    rule: 'microsoft-spamhaus',
    provider: 'Microsoft 365 / Outlook.com',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.1 AS(1450)',
    means: /Spamhaus blocklist/,
  },
  {
    rule: 'outlook-network-block',
    provider: 'Microsoft 365 / Outlook.com',
    code: 550,
    enhanced: '5.7.1',
    text: "5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    means: /network range/,
  },
  {
    rule: 'microsoft-rate-limited',
    provider: 'Microsoft 365 / Outlook.com',
    code: 451,
    enhanced: '4.7.650',
    text: '4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)',
    means: /slowing down/,
  },
  {
    rule: 'microsoft-server-busy',
    provider: 'Microsoft 365 / Outlook.com',
    code: 451,
    enhanced: '4.7.500',
    text: '4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77714) [BN8NAM12FT047.eop-nam12.prod.protection.outlook.com]',
    means: /throttling/,
  },
  {
    rule: 'microsoft-dmarc-reject',
    provider: 'Microsoft 365 / Outlook.com',
    code: 550,
    enhanced: '5.7.509',
    text: '5.7.509 Access denied, sending domain [example.com] does not pass DMARC verification and has a DMARC policy of reject.',
    means: /DMARC/,
  },
  {
    rule: 'microsoft-recipient-not-found',
    provider: 'Microsoft 365 / Outlook.com',
    code: 550,
    enhanced: '5.1.10',
    text: '5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    means: /no mailbox/,
  },
  {
    rule: 'microsoft-relay-denied',
    provider: 'Microsoft 365 / Outlook.com',
    code: 550,
    enhanced: '5.4.1',
    text: '5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM12FT064.eop-nam12.prod.protection.outlook.com]',
    means: /tenant/,
  },
  {
    rule: 'exchange-send-as',
    provider: 'Microsoft Exchange (on-premises)',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 Client does not have permissions to send as this sender',
    means: /sender address/,
  },
  {
    rule: 'exchange-anonymous',
    provider: 'Microsoft Exchange (on-premises)',
    code: 530,
    enhanced: '5.7.57',
    text: '5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM',
    means: /unauthenticated mail/,
  },
  {
    rule: 'exchange-recipient-restricted',
    provider: 'Microsoft Exchange (on-premises)',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 RESOLVER.RST.NotAuthorized; not authorized',
    means: /only accepts mail/,
  },
  {
    rule: 'exchange-relay',
    provider: 'Microsoft Exchange (on-premises)',
    code: 550,
    enhanced: '5.7.54',
    text: '5.7.54 SMTP; Unable to relay recipient in non-accepted domain',
    means: /relay/,
  },
  // Yahoo / AOL
  {
    rule: 'yahoo-tss04',
    provider: 'Yahoo / AOL',
    code: 421,
    enhanced: '4.7.0',
    text: '4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
    means: /complaints/,
  },
  {
    rule: 'yahoo-tss09',
    provider: 'Yahoo / AOL',
    code: 553,
    enhanced: '5.7.2',
    text: '5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes',
    means: /for good/,
  },
  {
    rule: 'yahoo-spamhaus',
    provider: 'Yahoo / AOL',
    code: 553,
    enhanced: '5.7.1',
    text: '5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL; see http://postmaster.yahoo.com/errors/550-bl23.html [550]',
    means: /Spamhaus/,
  },
  {
    rule: 'yahoo-unauthenticated',
    provider: 'Yahoo / AOL',
    code: 550,
    enhanced: '5.7.9',
    text: '5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.',
    means: /SPF nor DKIM/,
  },
  {
    rule: 'yahoo-policy',
    provider: 'Yahoo / AOL',
    code: 554,
    enhanced: '5.7.9',
    text: '5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes',
    means: /policy/,
  },
  {
    rule: 'yahoo-ph01',
    provider: 'Yahoo / AOL',
    code: 554,
    enhanced: null,
    text: 'Message not allowed - [PH01] Email not accepted for policy reasons.  Please visit https://postmaster.yahooinc.com/error-codes',
    means: /content/,
  },
  {
    rule: 'yahoo-headers',
    provider: 'Yahoo / AOL',
    code: 554,
    enhanced: null,
    text: 'Message not allowed - Headers are not RFC compliant[291]',
    means: /headers/,
  },
  {
    rule: 'yahoo-no-account',
    provider: 'Yahoo / AOL',
    code: 554,
    enhanced: null,
    text: "delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com",
    means: /no Yahoo or AOL account/,
  },
  // Apple iCloud
  {
    rule: 'apple-local-policy',
    provider: 'Apple iCloud',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137',
    means: /filters/,
  },
  {
    rule: 'apple-unauthenticated',
    provider: 'Apple iCloud',
    code: 554,
    enhanced: '5.7.1',
    text: '5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks. See https://support.apple.com/en-us/HT204137 for mailing best practices',
    means: /SPF nor DKIM/,
  },
  {
    rule: 'apple-proofpoint',
    provider: 'Apple iCloud',
    code: 550,
    enhanced: '5.7.0',
    text: '5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.1',
    means: /Proofpoint/,
  },
  {
    rule: 'apple-spamhaus',
    provider: 'Apple iCloud',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.1',
    means: /Spamhaus/,
  },
  {
    rule: 'apple-over-quota',
    provider: 'Apple iCloud',
    code: 552,
    enhanced: '5.2.2',
    text: '5.2.2 <someone@icloud.com>: user is over quota',
    means: /full/,
  },
  {
    rule: 'apple-volume',
    provider: 'Apple iCloud',
    code: 421,
    enhanced: '4.7.1',
    text: '4.7.1 Messages to someone@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137',
    means: /more mail/,
  },
  {
    rule: 'apple-dmarc',
    provider: 'Apple iCloud',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 Your message was rejected due to example.com DMARC policy.',
    means: /DMARC/,
  },
  {
    rule: 'apple-dbl',
    provider: 'Apple iCloud',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL -- see https://www.spamhaus.org/dbl/',
    means: /Domain Block List/,
  },
  {
    rule: 'apple-no-user',
    provider: 'Apple iCloud',
    code: 550,
    enhanced: '5.1.1',
    text: '5.1.1 <someone@icloud.com>: user does not exist',
    means: /no active iCloud/,
  },
  // GMX / WEB.DE
  {
    rule: 'gmx-ip-listed',
    provider: 'GMX / WEB.DE',
    code: 554,
    enhanced: null,
    text: 'gmx.net (mxgmx104) Nemesis ESMTP Service not available\nNo SMTP service\nIP address is block listed.\nFor explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=198.51.100.42&r=1MNcgj-1ue23t3pyV-00S2YR',
    means: /blocklist/,
  },
  {
    rule: 'gmx-policy',
    provider: 'GMX / WEB.DE',
    code: 554,
    enhanced: null,
    text: 'Transaction failed\nReject due to policy restrictions.\nFor explanation visit https://postmaster.gmx.net/en/case?c=r0302&i=ip&v=198.51.100.42&r=1MNcgj-1ue23t3pyV-00S2YR',
    means: /policy/,
  },
  {
    rule: 'gmx-spf',
    provider: 'GMX / WEB.DE',
    code: 550,
    enhanced: null,
    text: '<someone@example.com>: Reject due to SPF policy. The originating IP of the message is not permitted by the domain owner',
    means: /SPF/,
  },
  {
    rule: 'gmx-no-mailbox',
    provider: 'GMX / WEB.DE',
    code: 550,
    enhanced: null,
    text: '<someone@gmx.net>: Requested action not taken: mailbox unavailable',
    means: /no GMX/,
  },
  // Zoho, Fastmail
  {
    rule: 'zoho-unusual-activity',
    provider: 'Zoho',
    code: 550,
    enhanced: '5.4.6',
    text: '5.4.6 Unusual sending activity detected. Please try after sometime.',
    means: /paused/,
  },
  {
    rule: 'zoho-flagged-spam',
    provider: 'Zoho',
    code: 554,
    enhanced: '5.7.1',
    text: '5.7.1 Email cannot be delivered. Reason: Email flagged as Spam.',
    means: /spam/,
  },
  {
    rule: 'zoho-relaying-disallowed',
    provider: 'Zoho',
    code: 553,
    enhanced: null,
    text: 'Relaying disallowed as someone@example.com',
    means: /not hosted/,
  },
  {
    rule: 'fastmail-locked',
    provider: 'Fastmail',
    code: 554,
    enhanced: '5.7.1',
    text: '5.7.1 <mail-pg1-f174.google.com[192.0.2.1]>: Client host rejected: Address locked or deactivated; see http://mail.messagingengine.com/docs/locked.html',
    means: /locked/,
  },
  {
    rule: 'fastmail-header-address',
    provider: 'Fastmail',
    code: 551,
    enhanced: '5.7.1',
    text: '5.7.1 Not authorised to send from this header address',
    means: /From address/,
  },
  // Postfix
  {
    rule: 'postfix-dnsbl',
    provider: 'Postfix',
    code: 554,
    enhanced: '5.7.1',
    text: '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org',
    means: /blocklist/,
  },
  {
    rule: 'postfix-no-ptr',
    provider: 'Postfix',
    code: 450,
    enhanced: '4.7.1',
    text: '4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]',
    means: /reverse DNS/,
  },
  {
    rule: 'postfix-postgrey',
    provider: 'Postfix',
    code: 450,
    enhanced: '4.2.0',
    text: '4.2.0 <someone@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html',
    means: /greylisting/,
  },
  {
    rule: 'postfix-helo-fqdn',
    provider: 'Postfix',
    code: 504,
    enhanced: '5.5.2',
    text: '5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname',
    means: /full domain name/,
  },
  {
    rule: 'postfix-helo-unknown',
    provider: 'Postfix',
    code: 450,
    enhanced: '4.7.1',
    text: '4.7.1 <mail.invalid>: Helo command rejected: Host not found',
    means: /no A, AAAA or MX/,
  },
  {
    rule: 'postfix-sender-domain',
    provider: 'Postfix',
    code: 450,
    enhanced: '4.1.8',
    text: '4.1.8 <someone@nonexistent.invalid>: Sender address rejected: Domain not found',
    means: /MAIL FROM/,
  },
  {
    rule: 'postfix-policyd-spf',
    provider: 'Postfix',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 <someone@example.com>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=someone@example.org;ip=192.0.2.1;r=example.com',
    means: /SPF/,
  },
  {
    rule: 'postfix-user-unknown',
    provider: 'Postfix',
    code: 550,
    enhanced: '5.1.1',
    text: '5.1.1 <someone@example.com>: Recipient address rejected: User unknown in local recipient table',
    means: /no mailbox/,
  },
  {
    rule: 'postfix-relay-denied',
    provider: 'Postfix',
    code: 554,
    enhanced: '5.7.1',
    text: '5.7.1 <someone@example.com>: Relay access denied',
    means: /relay/,
  },
  // Exim
  {
    rule: 'exim-dnsbl',
    provider: 'Exim',
    code: 550,
    enhanced: null,
    text: 'rejected because 192.0.2.1 is in a black list at zen.spamhaus.org\nhttps://www.spamhaus.org/query/ip/192.0.2.1',
    means: /blocklist/,
  },
  {
    rule: 'exim-temporary',
    provider: 'Exim',
    code: 451,
    enhanced: null,
    text: 'Temporary local problem - please try later',
    means: /greylisting/,
  },
  {
    rule: 'exim-spf',
    provider: 'Exim',
    code: 550,
    enhanced: null,
    text: '192.0.2.1 is not allowed to send mail from example.com',
    means: /SPF/,
  },
  // Any server
  {
    rule: 'any-dnsbl',
    provider: 'Any server',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 Rejected: 192.0.2.1 listed at bl.spamcop.net',
    means: /blocklist/,
  },
  {
    rule: 'any-dnsbl',
    provider: 'Any server',
    code: 554,
    enhanced: null,
    text: '192.0.2.1 found on one or more DNSBLs (uceprotectip3). Refer to https://developers.cloudflare.com/email-routing/postmaster/#spam-and-abusive-traffic for more information.',
    means: /blocklist/,
  },
  {
    rule: 'any-greylisting',
    provider: 'Any server',
    code: 451,
    enhanced: '4.7.1',
    text: '4.7.1 Greylisting in action, please come back in 00:05:00',
    means: /greylisting/,
  },
  {
    rule: 'any-spf',
    provider: 'Any server',
    code: 550,
    enhanced: '5.7.23',
    text: '5.7.23 The message was rejected because of Sender Policy Framework violation',
    means: /SPF/,
  },
  {
    rule: 'any-dmarc',
    provider: 'Any server',
    code: 550,
    enhanced: '5.7.1',
    text: '5.7.1 rejected by DMARC policy for example.com',
    means: /DMARC/,
  },
];

describe('explainReply', () => {
  it.each(samples.map((s) => [s.rule, s] as const))('%s', (_id, sample) => {
    const reply = { code: sample.code, enhanced: sample.enhanced, text: sample.text };
    expect(matchReplyRule(reply)?.id).toBe(sample.rule);
    const explanation = explainReply(reply);
    expect(explanation?.provider).toBe(sample.provider);
    expect(explanation?.meaning).toMatch(sample.means);
    expect(ReplyExplanation.parse(explanation)).toEqual(explanation);
  });

  it('finds the enhanced code in the text when the reply did not split it out', () => {
    const text = '550-5.1.1 The email account that you tried to reach does not exist.';
    expect(explainReply({ code: 550, text })?.provider).toBe('Gmail');
    expect(explainReply({ code: 550, enhanced: null, text })?.provider).toBe('Gmail');
  });

  it('names the blocklist and its delisting page (the acceptance case)', () => {
    expect(
      explainReply({
        code: 554,
        enhanced: '5.7.1',
        text: '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org',
      }),
    ).toEqual({
      provider: 'Postfix',
      meaning: expect.stringContaining('blocklist'),
      action: expect.any(String),
      url: 'https://www.postfix.org/postconf.5.html#reject_rbl_client',
      list: 'zen.spamhaus.org',
      delist: 'https://check.spamhaus.org/',
    });
  });

  it('names each well-known list and its delisting page', () => {
    const cases: [string, string, string][] = [
      ['blocked using b.barracudacentral.org', 'b.barracudacentral.org', 'barracudacentral.org'],
      ['blocked using bl.spamcop.net', 'bl.spamcop.net', 'spamcop.net'],
      ['blocked using dnsbl-1.uceprotect.net', 'dnsbl-1.uceprotect.net', 'uceprotect.net'],
      ['blocked using psbl.surriel.com', 'psbl.surriel.com', 'psbl.org'],
      ['blocked using bl.mailspike.net', 'bl.mailspike.net', 'mailspike.org'],
    ];
    for (const [tail, list, page] of cases) {
      const explanation = explainReply({
        code: 554,
        enhanced: '5.7.1',
        text: `5.7.1 Service unavailable; Client host [192.0.2.1] ${tail}`,
      });
      expect(explanation?.list).toBe(list);
      expect(explanation?.delist).toContain(page);
    }
  });

  it('names a list it does not know without a delisting page', () => {
    const explanation = explainReply({
      code: 554,
      enhanced: '5.7.1',
      text: '5.7.1 Service unavailable; Client host [192.0.2.1] blocked using ix.dnsbl.manitu.net',
    });
    expect(explanation?.list).toBe('ix.dnsbl.manitu.net');
    expect(explanation?.delist).toBeUndefined();
  });

  it('names lists that replies give by name only', () => {
    /** The explanation of the sample whose text contains this. */
    const explained = (needle: string) => {
      const sample = samples.find((s) => s.text.includes(needle));
      if (!sample) throw new Error(`no sample with ${needle}`);
      return explainReply(sample);
    };
    expect(explained('[BL23]')).toMatchObject({
      list: 'Spamhaus XBL',
      delist: 'https://check.spamhaus.org/',
    });
    expect(explained('listing in Spamhaus SBL')).toMatchObject({
      list: 'Spamhaus SBL',
      delist: 'https://check.spamhaus.org/',
    });
    expect(explained('(uceprotectip3)')).toMatchObject({
      list: 'uceprotectip3',
      delist: 'https://www.uceprotect.net/en/rblcheck.php',
    });
  });

  it('names Spamhaus for Microsoft and the DBL for iCloud', () => {
    const microsoft = samples.find((s) => s.rule === 'microsoft-spamhaus');
    const apple = samples.find((s) => s.rule === 'apple-dbl');
    if (!microsoft || !apple) throw new Error('samples missing');
    expect(explainReply(microsoft)).toMatchObject({
      list: 'Spamhaus',
      delist: 'https://check.spamhaus.org/',
    });
    expect(explainReply(apple)).toMatchObject({
      list: 'Spamhaus DBL',
      delist: 'https://check.spamhaus.org/',
    });
  });

  it('leaves replies that only resemble a rule unexplained', () => {
    const unexplained: { code: number; enhanced?: string | null; text: string }[] = [
      { code: 250, enhanced: '2.0.0', text: '2.0.0 OK' },
      { code: 250, text: 'OK' },
      { code: 550, enhanced: '5.1.1', text: '5.1.1 User unknown' },
      {
        code: 550,
        enhanced: '5.1.1',
        text: '5.1.1 <someone@example.com>: Recipient address rejected: User unknown',
      },
      { code: 550, enhanced: '5.7.26', text: '5.7.26 Message rejected' },
      { code: 421, enhanced: '4.7.28', text: '4.7.28 Try again later' },
      { code: 550, enhanced: '5.7.606', text: '5.7.606 Rejected' },
      { code: 554, enhanced: '5.7.1', text: '5.7.1 Message blocked' },
      { code: 554, enhanced: '5.7.1', text: '5.7.1 Your IP is blocked by policy' },
      { code: 554, enhanced: '5.7.1', text: '5.7.1 Sender listed in our local blocklist' },
      { code: 550, text: 'Requested action not taken: mailbox unavailable' },
      { code: 550, enhanced: '5.7.1', text: '5.7.1 Please check your IP on Spamhaus' },
      { code: 421, enhanced: '4.7.0', text: '4.7.0 Try again later, closing connection.' },
      // Greylisting text on a permanent refusal is not greylisting.
      { code: 550, enhanced: '5.7.1', text: '5.7.1 Greylisted' },
      // A 2xx reply that happens to mention a blocklist explains nothing.
      { code: 250, text: 'OK, not listed at zen.spamhaus.org' },
    ];
    for (const reply of unexplained) expect(explainReply(reply), reply.text).toBeNull();
  });
});

describe('the rule table', () => {
  it('has unique ids, https urls and case-insensitive patterns', () => {
    const ids = replyRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of replyRules) {
      expect(new URL(rule.url).protocol, rule.id).toBe('https:');
      expect(rule.text.flags, rule.id).toContain('i');
      expect(rule.meaning.length, rule.id).toBeGreaterThan(20);
      expect(rule.action.length, rule.id).toBeGreaterThan(20);
    }
  });

  it('has a real reply sample for every entry', () => {
    const covered = new Set(samples.map((s) => s.rule));
    for (const rule of replyRules) expect(covered.has(rule.id), rule.id).toBe(true);
  });

  it('has every provider the issue names', () => {
    const providers = new Set(replyRules.map((r) => r.provider));
    for (const name of [
      'Gmail',
      'Microsoft 365 / Outlook.com',
      'Yahoo / AOL',
      'Apple iCloud',
      'GMX / WEB.DE',
      'Zoho',
      'Fastmail',
      'Postfix',
      'Exim',
      'Microsoft Exchange (on-premises)',
      'Any server',
    ]) {
      expect(providers.has(name), name).toBe(true);
    }
  });
});

describe('helpers', () => {
  it('strips code prefixes and joins wrapped lines', () => {
    expect(replyProse('550-5.7.1 one\n550-5.7.1 two\n550 5.7.1 three')).toBe('one two three');
    expect(replyProse('192.0.2.1 is in a black list')).toBe('192.0.2.1 is in a black list');
  });

  it('reads list names and delisting pages', () => {
    expect(blocklistNamed('blocked using zen.spamhaus.org; see https://x')).toBe(
      'zen.spamhaus.org',
    );
    expect(blocklistNamed('Blocked')).toBeNull();
    expect(delistPage('zen.spamhaus.org')).toBe('https://check.spamhaus.org/');
    expect(delistPage('example.org')).toBeNull();
  });
});
