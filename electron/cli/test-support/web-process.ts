import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createRpcClient, type RpcClient } from '../../../shared/rpc-client';
import { SendRequest } from '../../../shared/send';
import { tokenOfUrl } from '../../../shared/web-access';
import { createWsClientTransport } from '../../../shared/ws-client-transport';
import { bridgeSocket } from '../../web/test-support/bridge-socket';
import { CLI } from './run-cli';

/** `mxray web` as users run it, in a process of its own that tests kill from outside. */
export interface WebProcess {
  child: ChildProcess;
  client: RpcClient;
  /** The port it serves on. */
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
  disconnect(): void;
}

const started = new Set<ChildProcess>();

/** Kill whatever a failed test left running. */
export function killAllWeb(): void {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  started.clear();
}

/** How to run the process: Node options before the CLI (a --require), extra environment. */
export interface SpawnOptions {
  nodeArgs?: string[];
  env?: Record<string, string>;
}

export function spawnWeb(dataDir: string, port = 0, options: SpawnOptions = {}) {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), CLI, 'web', '--port', String(port), '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    },
  );
  started.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stderr: () => stderr };
}

export async function startWeb(dataDir: string, options: SpawnOptions = {}): Promise<WebProcess> {
  const { child, exited, stderr } = spawnWeb(dataDir, 0, options);
  let url: string | null = null;
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    url = /^MXray web UI: (\S+)$/.exec(line)?.[1] ?? null;
    if (url) break;
  }
  if (!url) throw new Error(`mxray web exited before its URL: ${stderr()}`);
  const { port } = new URL(url);
  const socket = bridgeSocket(Number(port), tokenOfUrl(url) ?? '');
  socket.on('error', () => {}); // the process is killed under it
  const client = createRpcClient(createWsClientTransport(socket));
  return {
    child,
    client,
    port: Number(port),
    exited,
    stderr,
    disconnect: () => socket.close(),
  };
}

/** A message for two recipients, through the loopback relay at `port`; `size` pads its body. */
export function crashMessage(tag: string, port: number, size = 0): SendRequest {
  const to = [`a-${tag}@crash.test`, `b-${tag}@crash.test`];
  return SendRequest.parse({
    envelope: { mailFrom: 'crash@mxray.test', rcptTo: to },
    message: {
      from: 'crash@mxray.test',
      to,
      subject: `crash ${tag}`,
      text: `message ${tag}\n${'x'
        .repeat(70)
        .concat('\n')
        .repeat(Math.ceil(size / 71))}`,
    },
    route: { kind: 'server', server: { host: '127.0.0.1', port } },
    session: { helo: 'crash.mxray.test', tls: 'off', timeoutSeconds: 5 },
  });
}
