/**
 * One provider rule of the reply-explanation table: which replies it matches and what it says
 * about them. The texts matched come from public sources, cited above each entry; the meaning
 * and action are our own words.
 */
export interface ReplyRule {
  /** Stable id, for tests and logs. */
  id: string;
  /** Basic SMTP codes it applies to; any code when absent. */
  codes?: readonly number[];
  /** The enhanced status code it applies to; any (or none) when absent. */
  enhanced?: RegExp;
  /**
   * Tested, case-insensitively, against the reply's text with the code prefixes of each line
   * removed and the lines joined by one space.
   */
  text: RegExp;
  provider: string;
  meaning: string;
  action: string;
  /** The provider's public documentation page (https). */
  url: string;
  /** The reply names a DNS blocklist: the explanation says which, and its delist page. */
  blocklist?: boolean;
}
