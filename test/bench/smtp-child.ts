// The SMTP server of the messages benchmark in a process of its own (a mail relay runs elsewhere
// in production): what it spends receiving is charged neither to our sender nor to the bare
// nodemailer loop it is compared with. It only counts (no parsing): what arrived for each
// address, and when.
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { ChildService, cpuMs, serveChild, Waiters } from './child-service.js';

if (process.send && process.argv[2] === 'child') {
  const perAddress = new Map<string, number>();
  const times: number[] = []; // epoch ms of each message's end
  const waiters = new Waiters();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo)
          perAddress.set(r.address, (perAddress.get(r.address) ?? 0) + 1);
        times.push(performance.timeOrigin + performance.now());
        waiters.check();
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serveChild((server.server.address() as AddressInfo).port, (m) => {
    if (m.cmd === 'times') return times.slice(m.from as number);
    if (m.cmd === 'twice')
      return [...perAddress].filter(([a, n]) => a.startsWith(m.prefix as string) && n > 1).length;
    const stats = () => ({
      count: times.length,
      lastAt: times[times.length - 1] ?? 0,
      cpuMs: cpuMs(),
    });
    if (m.cmd === 'statsAt')
      return waiters.until(() => times.length >= (m.n as number)).then(stats);
    return stats();
  });
}

type SmtpStats = { count: number; lastAt: number; cpuMs: number };

/** The parent's handle on the child's SMTP server. */
export class RemoteSmtpServer {
  private readonly child = new ChildService(fileURLToPath(import.meta.url), 'SMTP server');
  port = 0;

  async start() {
    this.port = await this.child.start<number>();
    return this;
  }
  /** How many messages arrived; lastAt: epoch ms of the last. */
  stats() {
    return this.child.ask<SmtpStats>('stats');
  }
  /** The stats once `n` messages (in all) have arrived. */
  statsAt(n: number) {
    return this.child.ask<SmtpStats>('statsAt', { n });
  }
  /** When each message from the `from`-th on arrived (epoch ms). */
  times(from: number) {
    return this.child.ask<number[]>('times', { from });
  }
  /** Addresses starting with `prefix` that got more than one message. */
  twice(prefix: string) {
    return this.child.ask<number>('twice', { prefix });
  }
  stop() {
    this.child.stop();
  }
}
