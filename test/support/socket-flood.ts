import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface FloodStats {
  /** GETs answered (`get`), by status. */
  readonly gets: number;
  readonly getStatuses: Readonly<Record<string, number>>;
  /** From the flood's start until every socket had its first ack. */
  readonly firstAcksMs: number;
  /** Acks received, and their error codes counted. */
  readonly acks: number;
  readonly ackErrors: Readonly<Record<string, number>>;
  /** Bytes of every ack, as JSON. */
  readonly ackBytes: number;
  /** Book snapshots each connected socket received. */
  readonly snapshots: readonly number[];
  /** `error` events by code, and refused handshakes by code. */
  readonly errors: Readonly<Record<string, number>>;
  readonly refused: Readonly<Record<string, number>>;
  readonly disconnected: number;
}

export interface FloodOptions {
  readonly url: string;
  readonly count: number;
  readonly auth?: { readonly token: string };
}

/** An attacker's sockets in a child process (socket-flood-child.js), so they do not load the app's event loop. */
export class SocketFlood {
  private readonly child: ChildProcess = fork(join(__dirname, 'socket-flood-child.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  private next<T>(type: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { type: string } & Record<string, unknown>) => {
        if (message.type !== type) return;
        this.child.off('message', onMessage);
        resolve(message as unknown as T);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', (code) => reject(new Error(`the flood process exited (${code})`)));
    });
  }

  /** Connects the sockets; resolves with how many connected and the refusals by code. */
  async open(options: FloodOptions): Promise<{ connected: number; refused: Record<string, number> }> {
    const opened = this.next<{ connected: number; refused: Record<string, number> }>('opened');
    this.child.send({ cmd: 'open', ...options });
    const { connected, refused } = await opened;
    return { connected, refused };
  }

  /** Every socket emits `event` with `payload` every `intervalMs` (spread over the interval). */
  async flood(event: string, payload: unknown, intervalMs: number): Promise<void> {
    const started = this.next('flooding');
    this.child.send({ cmd: 'flood', event, payload, intervalMs });
    await started;
  }

  /** Also sends `perSecond` GETs of `url` (each without waiting for the last). */
  async get(url: string, perSecond: number): Promise<void> {
    const started = this.next('getting');
    this.child.send({ cmd: 'get', url, perSecond });
    await started;
  }

  /** Stops, closes the sockets and reports. */
  async stop(): Promise<FloodStats> {
    const stats = this.next<{ stats: FloodStats }>('stats');
    this.child.send({ cmd: 'stop' });
    return (await stats).stats;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
