import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

// A process that listens with the smallest backlog and then never runs its event loop again,
// so the kernel accepts no more than the backlog holds; a full queue drops further SYNs.
const script = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
net.createServer().listen({ host, port: Number(port), backlog: 1 }, () => {
  process.stdout.write('ready\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});`;

/** Whether a connection to host:port completes within ms. */
const connects = (host: string, port: number, ms: number) =>
  new Promise<net.Socket | null>((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });

export interface SynDropListener {
  /** Connections it took to fill the queue (proof that the next SYN goes unanswered). */
  filled: number;
  close(): Promise<void>;
}

/**
 * A host that drops SYNs, as a black-holed or overloaded MX does: a real listener whose accept
 * queue is full. Resolves once a connection attempt has been seen to hang.
 */
export async function startSynDropListener(host: string, port: number): Promise<SynDropListener> {
  const child: ChildProcess = spawn(process.execPath, ['-e', script, host, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the SYN-drop listener exited (${code})`)));
  });
  const held: net.Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const socket = await connects(host, port, 300);
    if (!socket) {
      return {
        filled: held.length,
        close: async () => {
          for (const s of held) s.destroy();
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGKILL');
          await exited;
        },
      };
    }
    held.push(socket);
  }
  child.kill('SIGKILL');
  throw new Error(`${host}:${port} kept accepting: the kernel did not drop SYNs`);
}
