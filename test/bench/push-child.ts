// The push service of the messages benchmark in a process of its own (as Google's or Mozilla's
// is in production): what it spends receiving 1,000 requests is not charged to our sender.
// Driven over IPC by RemotePushService below; the service itself is test/notifications'.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakePushService } from '../notifications/push-service.js';

type Ask =
  | { id: number; cmd: 'devices'; n: number }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'verifyFirst'; n: number };

if (process.send && process.argv[2] === 'child') {
  const push = await new FakePushService().start();
  push.verifyFirst = 0;
  process.on('disconnect', () => process.exit(0)); // the bench ended or died
  process.on('message', (m: Ask) => {
    let out: unknown;
    if (m.cmd === 'devices') out = Array.from({ length: m.n }, () => push.device().subscription);
    else if (m.cmd === 'verifyFirst') out = push.verifyFirst = m.n;
    else
      out = {
        count: push.count,
        // a clock both processes share: epoch milliseconds
        lastAt: performance.timeOrigin + push.lastAt,
        problems: push.problems.slice(0, 5),
        verified: push.received.length,
      };
    process.send!({ id: m.id, out });
  });
  process.send({ id: 0, out: push.origin });
}

/** The parent's handle on the child's push service. */
export class RemotePushService {
  private child!: ChildProcess;
  private seq = 0;
  private stopping = false;
  private readonly waiting = new Map<number, (v: any) => void>();
  origin = '';

  async start() {
    this.child = fork(fileURLToPath(import.meta.url), ['child'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: { id: number; out: unknown }) => {
      this.waiting.get(m.id)?.(m.out);
      this.waiting.delete(m.id);
    });
    this.child.on('exit', (code) => {
      if (this.stopping) return;
      console.error(`the push service's process stopped (${code}): the bench cannot go on`);
      process.exit(1);
    });
    this.origin = await new Promise<string>((r) => this.waiting.set(0, r));
    return this;
  }

  private ask<T>(m: Record<string, unknown>): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((r) => {
      this.waiting.set(id, r);
      this.child.send({ ...m, id });
    });
  }

  devices(n: number) {
    return this.ask<{ endpoint: string; keys: { p256dh: string; auth: string } }[]>({
      cmd: 'devices',
      n,
    });
  }
  /** Check and decrypt messages up to the n-th received (in all), then just count. */
  verifyFirst(n: number) {
    return this.ask<number>({ cmd: 'verifyFirst', n });
  }
  /** lastAt: epoch ms (performance.timeOrigin + performance.now() here). */
  stats() {
    return this.ask<{ count: number; lastAt: number; problems: string[]; verified: number }>({
      cmd: 'stats',
    });
  }
  async stop() {
    this.stopping = true;
    this.child.kill();
  }
}
