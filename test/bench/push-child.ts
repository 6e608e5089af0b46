// The push service of the messages benchmark in a process of its own (as Google's or Mozilla's
// is in production): what it spends receiving 1,000 requests is not charged to our sender.
// The service itself is test/notifications'.
import { fileURLToPath } from 'node:url';
import { FakePushService } from '../notifications/push-service.js';
import { ChildService, cpuMs, serveChild, Waiters } from './child-service.js';

if (process.send && process.argv[2] === 'child') {
  const push = await new FakePushService().start();
  push.verifyFirst = 0;
  const waiters = new Waiters();
  push.onCounted = () => waiters.check();
  serveChild(push.origin, (m) => {
    if (m.cmd === 'devices')
      return Array.from({ length: m.n as number }, () => push.device().subscription);
    if (m.cmd === 'verifyFirst') return (push.verifyFirst = m.n as number);
    const stats = () => ({
      count: push.count,
      lastAt: performance.timeOrigin + push.lastAt,
      problems: push.problems.slice(0, 5),
      verified: push.received.length,
      cpuMs: cpuMs(),
    });
    if (m.cmd === 'statsAt') return waiters.until(() => push.count >= (m.n as number)).then(stats);
    return stats();
  });
}

type PushStats = {
  count: number;
  lastAt: number;
  problems: string[];
  verified: number;
  cpuMs: number;
};

/** The parent's handle on the child's push service. */
export class RemotePushService {
  private readonly child = new ChildService(fileURLToPath(import.meta.url), 'push service');
  origin = '';

  async start() {
    this.origin = await this.child.start<string>();
    return this;
  }
  devices(n: number) {
    return this.child.ask<{ endpoint: string; keys: { p256dh: string; auth: string } }[]>(
      'devices',
      { n },
    );
  }
  /** Check and decrypt messages up to the n-th received (in all), then just count. */
  verifyFirst(n: number) {
    return this.child.ask<number>('verifyFirst', { n });
  }
  /** lastAt: epoch ms (performance.timeOrigin + performance.now() there). */
  stats() {
    return this.child.ask<PushStats>('stats');
  }
  /** The stats once `n` messages (in all) have been received. */
  statsAt(n: number) {
    return this.child.ask<PushStats>('statsAt', { n });
  }
  async stop() {
    this.child.stop();
  }
}
