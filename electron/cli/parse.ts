import { type ParseArgsConfig, parseArgs } from 'node:util';
import { parseDnsServers } from '../dns/resolver';
import { UsageError } from './usage-error';

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs in strict mode, with its errors turned into one-line usage errors. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error);
    throw new UsageError(`${command}: ${lowerFirst(message)} (see mxray ${command} --help)`);
  }
}

function lowerFirst(s: string) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function parsePort(command: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`${command}: --port must be a number from 0 to 65535, not "${value}"`);
  }
  return port;
}

/** A flag that takes a positive number (a whole one with `integer`); undefined when not given. */
export function positiveNumber(
  command: string,
  flag: string,
  value: string | undefined,
  integer = false,
  max?: number,
): number | undefined {
  if (value === undefined) return undefined;
  // Plain decimals only: Number() would also take "1e9", "0x10" or "Infinity".
  const n = /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  const bad = !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n));
  if (max !== undefined && (bad || n > max)) {
    throw new UsageError(
      `${command}: --${flag} must be a ${integer ? 'whole ' : ''}number from 1 to ${max.toLocaleString('en-US')}, not "${value}"`,
    );
  }
  if (bad) {
    throw new UsageError(
      `${command}: --${flag} must be a positive ${integer ? 'whole ' : ''}number, not "${value}"`,
    );
  }
  return n;
}

/** --stagger SECONDS: from 0 (one MX address at a time) to 60; absent: the default. */
export function staggerFlag(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n > 60)
    throw new UsageError(
      `${command}: --stagger must be a number of seconds from 0 (off) to 60, not "${value}"`,
    );
  return n;
}

/** The --dns values, checked; a bad one is a usage error that names the command. */
export function dnsServersFlag(command: string, values: unknown): string[] {
  try {
    return parseDnsServers((values as string[] | undefined) ?? []);
  } catch (error) {
    throw new UsageError(`${command}: --dns: ${(error as Error).message}`);
  }
}
