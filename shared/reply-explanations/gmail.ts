import type { ReplyRule } from './rule';

const provider = 'Gmail';
/** "Gmail SMTP errors and codes", Google Workspace Admin Help. */
const errors = 'https://support.google.com/a/answer/3726730';
/** "Email sender guidelines", Gmail Help. */
const guidelines = 'https://support.google.com/mail/answer/81126';

export const gmailRules: readonly ReplyRule[] = [
  // Source: https://support.google.com/a/answer/3726730 (550 5.7.26 "Unauthenticated email from
  // domain-name is not accepted due to domain's DMARC policy.")
  {
    id: 'gmail-dmarc',
    enhanced: /^5\.7\.26$/,
    text: /Unauthenticated email from \S+ is not accepted due to (?:the )?domain'?s DMARC policy/i,
    provider,
    meaning:
      "The message failed DMARC for the From domain, and that domain's DMARC policy tells receivers to reject such mail.",
    action:
      'Make SPF or DKIM pass for a domain aligned with the From address. If you send for a domain you do not run, ask its owner to authorize your server.',
    url: errors,
  },
  // Source: https://support.google.com/a/answer/3726730 (550 5.7.26 "This message fails to pass
  // SPF checks for an SPF record with a hard fail policy (-all).")
  {
    id: 'gmail-spf-hardfail',
    enhanced: /^5\.7\.26$/,
    text: /fails to pass SPF checks for an SPF record with a hard fail policy|has an SPF record with a hard fail policy/i,
    provider,
    meaning:
      'The envelope sender domain has an SPF record ending in -all, and your sending IP is not in it.',
    action:
      "Add the sending server's IP (or its provider's include) to the SPF record of the MAIL FROM domain, or send from a domain whose SPF lists this server.",
    url: errors,
  },
  // Source: https://support.google.com/a/answer/3726730 (421 4.7.26 "This mail has been rate
  // limited because it is unauthenticated. Gmail requires all senders to authenticate with either
  // SPF or DKIM."; 550 5.7.26 "This message does not have authentication information or fails to
  // pass authentication checks (SPF or DKIM)")
  {
    id: 'gmail-unauthenticated',
    enhanced: /^[45]\.7\.26$/,
    text: /senders to authenticate with either SPF or DKIM|sender is unauthenticated|because it is unauthenticated|fails to pass authentication checks/i,
    provider,
    meaning:
      'Neither SPF nor DKIM passed for this message, and Gmail refuses unauthenticated mail.',
    action:
      'Publish SPF for the MAIL FROM domain that lists this server, and sign with DKIM for the From domain. Check both in the domain report.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (421 4.7.27 "Your email has been rate
  // limited because SPF authentication didn't pass for this message. Gmail requires all bulk email
  // senders to authenticate their email with SPF."; 550 5.7.27 likewise)
  {
    id: 'gmail-spf',
    enhanced: /^[45]\.7\.27$/,
    text: /SPF authentication (?:didn't|did not) pass|senders to authenticate (?:their email )?with SPF/i,
    provider,
    meaning:
      'SPF did not pass for the envelope sender domain, so Gmail slowed down or refused the mail.',
    action:
      "Add this server's IP to the SPF record of the MAIL FROM domain and keep the record under 10 DNS lookups.",
    url: errors,
  },
  // Source: https://support.google.com/a/answer/3726730 (421 4.7.30 "Your email has been rate
  // limited because DKIM authentication didn't pass for this message."; 550 5.7.30 "This mail has
  // been blocked because DKIM does not pass. Gmail requires all large senders to authenticate
  // with DKIM.")
  {
    id: 'gmail-dkim',
    enhanced: /^[45]\.7\.30$/,
    text: /DKIM authentication (?:didn't|did not) pass|DKIM does not pass/i,
    provider,
    meaning:
      'The message had no DKIM signature that verified, which Gmail requires from bulk senders.',
    action:
      'Sign outgoing mail with DKIM for your domain and publish the matching public key in DNS.',
    url: errors,
  },
  // Source: https://support.google.com/a/answer/3726730 (4.7.32 / 5.7.32: "the From: header
  // (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM
  // organizational domain")
  {
    id: 'gmail-alignment',
    enhanced: /^[45]\.7\.32$/,
    text: /From: header \(RFC ?5322\) in this message isn't aligned/i,
    provider,
    meaning:
      'SPF or DKIM may pass, but not for the domain in the From header, so DMARC alignment fails.',
    action:
      'Sign with DKIM using the From domain (or a subdomain of it), or use a MAIL FROM domain under the From domain.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (421 4.7.28 "Gmail has detected an unusual
  // rate of mail originating from your IP address ... To protect our users from spam, mail has
  // been temporarily rate limited."; older 421 4.7.0 "unusual rate of unsolicited mail")
  {
    id: 'gmail-rate-limited',
    codes: [421, 450, 451, 452],
    text: /unusual rate of (?:unsolicited )?mail (?:originating from your|containing one of your URL)/i,
    provider,
    meaning:
      'Gmail sees a lot of unwanted mail from your IP or domain and is accepting only a little for now.',
    action:
      'Send less and more slowly, stop mail that people mark as spam, and check the IP and domain in Google Postmaster Tools. Retrying later is fine.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (550 5.7.28 "There is an unusual rate of
  // unsolicited mail originating from your IP address. To protect our users from spam, mail sent
  // from your IP address has been blocked."; older 550 5.7.1 "Our system has detected ...")
  {
    id: 'gmail-rate-blocked',
    codes: [550, 554],
    text: /unusual rate of (?:unsolicited )?mail (?:originating from your|containing one of your URL)/i,
    provider,
    meaning:
      'Gmail has seen so much unwanted mail from your IP or domain that it now refuses it outright.',
    action:
      'Find and stop the mail causing complaints (a compromised account or a bought list), then follow the sender guidelines and ask for a review only after volumes are clean.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (550 5.7.1 "Our system has detected that
  // this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this
  // message has been blocked.")
  {
    id: 'gmail-likely-spam',
    text: /this message is likely unsolicited mail/i,
    provider,
    meaning: "Gmail's filters judged this particular message to be spam and refused it.",
    action:
      'Check the content, links and attachments, make sure SPF, DKIM and DMARC pass, and compare with a plain test message.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (421 4.7.0 "This message is suspicious
  // due to the very low reputation of the sending IP address/domain."; 550 5.7.1 "Our system has
  // detected that this message is likely suspicious due to the very low reputation of the sending
  // IP address/domain.")
  {
    id: 'gmail-suspicious',
    text: /message is (?:likely )?suspicious due to the very low reputation/i,
    provider,
    meaning:
      'Gmail held back the message because the sending IP or domain has a very poor reputation with it.',
    action:
      'Check reputation in Google Postmaster Tools, make authentication pass, and send at a lower rate while it recovers.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (421 4.7.0 "IP not in whitelist for RCPT
  // domain, closing connection.")
  {
    id: 'gmail-not-allowlisted',
    text: /IP not in whitelist for RCPT domain/i,
    provider,
    meaning:
      'The Google Workspace domain you are sending to only accepts mail from IP addresses its admin has listed, and yours is not one.',
    action:
      "Ask the recipient domain's admin to add your IP to their inbound gateway or allowlist settings, or send through the route they expect.",
    url: errors,
  },
  // Source: https://support.google.com/a/answer/3726730 (550 5.7.1 "The IP you're using to send
  // mail is not authorized to send email directly to our servers. Please use the SMTP relay at
  // your service provider instead.")
  {
    id: 'gmail-ip-not-authorized',
    text: /IP you're using to send mail is not authorized to send email directly to our servers/i,
    provider,
    meaning:
      'Gmail does not take mail directly from this IP, typically a home or dynamic address range.',
    action: "Send through your provider's SMTP relay or a server with a static IP and proper PTR.",
    url: errors,
  },
  // Source: https://support.google.com/a/answer/3726730 (421 4.7.0 "TLS required for RCPT domain,
  // closing connection.")
  {
    id: 'gmail-tls-required',
    text: /TLS required for RCPT domain/i,
    provider,
    meaning:
      'The recipient domain requires mail to it to arrive over TLS, and this session had none.',
    action: 'Use STARTTLS for this delivery (set the TLS policy to require or opportunistic).',
    url: errors,
  },
  // Source: https://support.google.com/a/answer/3726730 (451 4.7.24 / 550 5.7.24 "The SPF record
  // of the sending domain has one or more suspicious entries.")
  {
    id: 'gmail-spf-suspicious',
    enhanced: /^[45]\.7\.24$/,
    text: /SPF record of the sending domain has one or more suspicious entries/i,
    provider,
    meaning:
      "Gmail distrusts the SPF record of the sender's domain because it authorizes too much, for example a whole large network or +all.",
    action: 'Narrow the SPF record to the servers that really send for the domain, then retry.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (550 5.7.1 "This message is not RFC 5322
  // compliant because it has duplicate headers."; "Messages missing a valid address in the From:
  // header, or having no From: header, are not accepted.")
  {
    id: 'gmail-rfc5322',
    text: /is not RFC 5322 compliant|missing a valid address in the From: header|multiple addresses in From: header are not accepted/i,
    provider,
    meaning:
      "The message's headers break the Internet Message Format (RFC 5322): for example a missing or invalid From, or a header that appears twice.",
    action:
      'Check the message headers: exactly one valid From, Date, Message-ID and Subject, and no duplicates.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (550 5.7.25 "The IP address sending this
  // message does not have a PTR record setup, or the corresponding forward DNS entry does not
  // point to the sending IP. As a policy, Gmail does not accept messages from IPs with missing
  // PTR records.")
  {
    id: 'gmail-ptr',
    text: /does not have a PTR record|IPs with missing PTR records|IPv6 sending guidelines regarding PTR/i,
    provider,
    meaning:
      'Your sending IP has no reverse DNS (PTR) name, or that name does not resolve back to the same IP.',
    action:
      'Ask whoever owns the IP (your hosting or ISP) to set a PTR record to a hostname whose A/AAAA record points back to the IP.',
    url: guidelines,
  },
  // Source: https://support.google.com/a/answer/3726730 (550 5.1.1 "The email account that you
  // tried to reach does not exist. ... https://support.google.com/mail/?p=NoSuchUser")
  {
    id: 'gmail-no-such-user',
    text: /email account that you tried to reach does not exist/i,
    provider,
    meaning: 'There is no Gmail account with this address.',
    action: 'Check the address for typos. Do not retry; remove it from lists.',
    url: 'https://support.google.com/mail/?p=NoSuchUser',
  },
  // Source: https://support.google.com/a/answer/3726730 (550 5.2.1 "The email account that you
  // tried to reach is disabled.")
  {
    id: 'gmail-disabled',
    text: /email account that you tried to reach is disabled/i,
    provider,
    meaning: 'The Gmail account exists but has been disabled and takes no mail.',
    action: 'Reach the person another way; stop sending to this address.',
    url: errors,
  },
  // Source: https://support.google.com/a/answer/3726730 (452 4.2.2 "The email account that you
  // tried to reach is over quota."; 552 5.2.2 "The recipient's inbox is out of storage space")
  {
    id: 'gmail-over-quota',
    text: /email account that you tried to reach is over quota|recipient's inbox is out of storage space/i,
    provider,
    meaning: "The recipient's Google storage is full, so the mailbox cannot take new mail.",
    action:
      'A temporary (4xx) refusal may clear later; otherwise reach the person another way so they free up space.',
    url: errors,
  },
];
