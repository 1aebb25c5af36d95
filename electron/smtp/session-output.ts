import type { Socket } from 'node:net';
import type { Phase } from '../../shared/smtp';
import { type Command, quit } from './commands';
import { headerBlock } from './data-block';

/** A transcript line for what went out. */
export type LogOut = (phase: Phase, text: string, bytes?: number) => void;

/** Commands out: a transcript line each, then one socket write for all (pipelined or not). */
export function writeCommands(socket: Socket | null, commands: Command[], log: LogOut): void {
  for (const c of commands) log(c.phase, c.display);
  // Strings go to the socket as they are (UTF-8): no Buffer to build per command.
  socket?.write(
    commands.length === 1 ? (commands[0] as Command).line : commands.map((c) => c.line).join(''),
  );
}

/**
 * The message (already dot-stuffed, with its final dot) and, pipelined after it, QUIT: corked
 * into one write. The transcript shows the headers and the size, not the body. `written` is
 * called once the body has left.
 */
export function writeMessage(
  socket: Socket | null,
  message: { body: Buffer; size: number; withQuit: boolean },
  log: LogOut,
  written: () => void,
): void {
  const { body, size, withQuit } = message;
  log('body', `${headerBlock(body)}\n\n[message body: ${size} bytes in all]`, body.length);
  log('body', '.');
  if (!socket) return;
  socket.cork();
  socket.write(body, written);
  if (withQuit) {
    const q = quit();
    log('quit', q.display);
    socket.write(q.line);
  }
  socket.uncork();
}
