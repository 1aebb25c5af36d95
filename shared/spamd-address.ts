import type { SpamdTarget } from './spam';

const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const hostPattern = new RegExp(`^(?:${label}(?:\\.${label})*|\\d{1,3}(?:\\.\\d{1,3}){3})$`);

/**
 * "host:port" (or "[v6]:port") as Settings and `--spamd` take it: the spamd to ask, or a
 * sentence saying what is wrong. spamd has no default port worth guessing, so it is required.
 */
export function parseSpamdAddress(value: string): SpamdTarget | { error: string } {
  const v = value.trim();
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(v);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || !host || (match[2] !== undefined && !hostPattern.test(host)))
    return { error: `spamd must be host:port, like 127.0.0.1:783, not "${value}"` };
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    return { error: `spamd's port must be from 1 to 65535, not ${match[3]}` };
  return { host, port };
}

/** A target as verdicts name it: "host:port", "[v6]:port" for an IPv6 address. */
export const formatSpamdAddress = ({ host, port }: SpamdTarget): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
