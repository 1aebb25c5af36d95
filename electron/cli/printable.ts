/** What strangers wrote (a subject, a server's reply) never reaches the terminal as escape codes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const printable = (text: string) => text.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
