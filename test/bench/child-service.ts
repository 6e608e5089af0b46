// A service of a benchmark in a process of its own (a push service, an SMTP server: in
// production they run elsewhere), so that what it spends is not charged to the process measured.
// The parent asks over IPC (ChildService); the child answers (serveChild). Its clock for the
// parent: epoch milliseconds (performance.timeOrigin + performance.now()).
import { fork, type ChildProcess } from 'node:child_process';

type Ask = { id: number; cmd: string } & Record<string, unknown>;

/**
 * In the child: answers each question with `handle` (a value or a promise of one), after saying
 * `hello` (its address).
 */
export function serveChild(hello: unknown, handle: (m: Ask) => unknown) {
  process.on('disconnect', () => process.exit(0)); // the bench ended or died
  process.on(
    'message',
    (m: Ask) => void Promise.resolve(handle(m)).then((out) => process.send!({ id: m.id, out })),
  );
  process.send!({ id: 0, out: hello });
}

/**
 * In the child: questions answered once their condition holds, checked each time the service
 * calls check() (as a message arrives), with no timer. The parent asks once and waits, instead of
 * asking over IPC every few ms while it is being measured: those questions cost both processes CPU
 * on the cores the senders use, and the bare loop was never asked any.
 */
export class Waiters {
  private waiting: { ok: () => boolean; resolve: () => void }[] = [];

  until(ok: () => boolean) {
    if (ok()) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiting.push({ ok, resolve }));
  }

  check() {
    if (!this.waiting.length) return;
    this.waiting = this.waiting.filter((w) => {
      if (!w.ok()) return true;
      w.resolve();
      return false;
    });
  }
}

/** CPU this process has used, in ms (user and system). */
export function cpuMs() {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
}

/** The parent's handle on a child started from `file` with the argument `child`. */
export class ChildService {
  private child!: ChildProcess;
  private seq = 0;
  private stopping = false;
  private readonly waiting = new Map<number, (v: any) => void>();

  constructor(
    private readonly file: string,
    private readonly name: string,
  ) {}

  /** Starts the child; its hello. */
  async start<T>(): Promise<T> {
    this.child = fork(this.file, ['child'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: { id: number; out: unknown }) => {
      this.waiting.get(m.id)?.(m.out);
      this.waiting.delete(m.id);
    });
    this.child.on('exit', (code) => {
      if (this.stopping) return;
      console.error(`the ${this.name}'s process stopped (${code}): the bench cannot go on`);
      process.exit(1);
    });
    return new Promise<T>((r) => this.waiting.set(0, r));
  }

  ask<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((r) => {
      this.waiting.set(id, r);
      this.child.send({ ...args, cmd, id });
    });
  }

  stop() {
    this.stopping = true;
    this.child.kill();
  }
}
