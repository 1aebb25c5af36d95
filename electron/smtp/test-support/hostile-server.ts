import { expect } from 'vitest';
import {
  type ScriptedConnection,
  type ScriptedServer,
  startScriptedServer,
} from './scripted-server';

/** Scripted servers started by the running test file; closed (and their errors checked) after each test. */
const servers: ScriptedServer[] = [];

export async function hostileServer(
  script: (c: ScriptedConnection, index: number) => Promise<void>,
): Promise<ScriptedServer> {
  const s = await startScriptedServer(script);
  servers.push(s);
  return s;
}

/** For afterEach: a failed expectation inside a script fails the test that ran it. */
export async function closeHostileServers(): Promise<void> {
  for (const s of servers.splice(0)) {
    expect(s.errors).toEqual([]);
    await s.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Banner and EHLO the usual way; returns after the EHLO reply. */
export async function greet(c: ScriptedConnection, ...capabilities: string[]) {
  c.reply('220 mx.hostile.test ESMTP');
  expect(await c.line()).toBe('EHLO client.mxray.test');
  c.reply(
    ...['mx.hostile.test', ...capabilities].map(
      (l, i, all) => `250${i < all.length - 1 ? '-' : ' '}${l}`,
    ),
  );
}

/** MAIL, RCPT, DATA and the body one at a time, accepting everything. */
export async function acceptOne(c: ScriptedConnection) {
  expect(await c.line()).toMatch(/^MAIL FROM:</);
  c.reply('250 2.1.0 Ok');
  expect(await c.line()).toMatch(/^RCPT TO:</);
  c.reply('250 2.1.5 Ok');
  expect(await c.line()).toBe('DATA');
  c.reply('354 End data with <CR><LF>.<CR><LF>');
  await c.dataBody();
  c.reply('250 2.0.0 Ok: queued as ABC123');
  expect(await c.line()).toBe('QUIT');
  c.reply('221 2.0.0 Bye');
  c.end();
}

/** Offer STARTTLS, say 220 to it, then answer the handshake with plaintext: it fails. */
export async function breakStartTls(c: ScriptedConnection) {
  await greet(c, 'STARTTLS');
  if ((await c.line()) !== 'STARTTLS') throw new Error('expected STARTTLS');
  c.reply('220 2.0.0 Ready to start TLS');
  c.raw('this is not a TLS server hello\r\n');
  await c.closed();
}
