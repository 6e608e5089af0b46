import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { smtpTransport } from '../../src/mail/node-transports.js';
import type { MessageTransports } from '../../src/mail/sender.js';
import type { SmsTransport } from '../../src/mail/transport.js';

/** The sender of the tests' mails, and the origin their links start with. */
export const TEST_FROM = 'Surplus Link <noreply@surplus.test>';
export const TEST_PUBLIC_URL = 'https://surplus.test';

/**
 * A real SMTP server in the test process (smtp-server), reading what arrives with mailparser.
 * `reject`: recipients answered 550; `hang`: while true, the server greets and then never answers
 * MAIL FROM (a server that hangs); `answerDelayMs`: each message is kept as soon as its data has
 * arrived, and the 250 answered that much later (a slow server; a client killed meanwhile has
 * delivered it without knowing).
 */
export class TestSmtpServer {
  mails: ParsedMail[] = [];
  reject = new Set<string>();
  hang = false;
  answerDelayMs = 0;
  private hung: (() => void)[] = [];
  private server: SMTPServer;
  private waiters: (() => void)[] = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 200,
      onMailFrom: (_a, _s, cb) => {
        if (this.hang) return void this.hung.push(cb); // never answers (until releaseHung)
        cb();
      },
      onRcptTo: (addr, _s, cb) => {
        if (this.reject.has(addr.address.toLowerCase())) {
          const err = new Error('5.1.1 No such user here') as Error & { responseCode: number };
          err.responseCode = 550;
          return cb(err);
        }
        cb();
      },
      onData: (stream, _s, cb) => {
        simpleParser(stream)
          .then((mail) => {
            this.mails.push(mail);
            for (const w of this.waiters.splice(0)) w();
            if (this.answerDelayMs) setTimeout(() => cb(), this.answerDelayMs);
            else cb();
          })
          .catch(cb);
      },
    });
    // a client killed mid-session (the kill -9 test) resets its connection: not the server's fault
    this.server.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNRESET') throw e;
    });
  }

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /**
   * What the senders send through, to this server: nodemailer over SMTP (its answers awaited at
   * most `timeoutMs`), and `sms` where a test has one. Close `mail` after the tests.
   */
  transports(opts: { timeoutMs?: number; sms?: SmsTransport } = {}): MessageTransports {
    return {
      mail: smtpTransport(this.url, { timeoutMs: opts.timeoutMs ?? 2_000 }),
      ...(opts.sms ? { sms: opts.sms } : {}),
      from: TEST_FROM,
      publicUrl: TEST_PUBLIC_URL,
    };
  }

  /** The mails to one address. */
  to(address: string) {
    return this.mails.filter((m) =>
      [m.to].flat().some((a) => a?.value.some((v) => v.address === address)),
    );
  }

  /** Waits until a mail to `address` has arrived (or `ms` pass). */
  async waitFor(address: string, ms = 5_000) {
    const until = Date.now() + ms;
    while (!this.to(address).length && Date.now() < until)
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    return this.to(address).at(-1);
  }

  /** Stops hanging, and answers the MAIL FROM of the sessions it left hanging (still open ones go on). */
  releaseHung() {
    this.hang = false;
    for (const cb of this.hung.splice(0)) cb();
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A local server answering as Brevo's API does (POST /v3/smtp/email -> 201 {messageId},
 * POST /v3/transactionalSMS/send -> 201 {messageId}; a wrong key -> 401; `invalid` addresses or
 * numbers -> 400 {code: "invalid_parameter"}). It keeps what it received, and answers it to
 * GET /__received (no key asked).
 */
export class FakeBrevo {
  emails: any[] = [];
  sms: any[] = [];
  keys: string[] = [];
  invalid = new Set<string>();
  status: number | null = null;
  private server: Server;
  port = 0;
  constructor(readonly apiKey = 'test-brevo-key') {
    this.server = createServer((req, res) => void this.handle(req, res));
  }
  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    // what it received, for a test that cannot read this object (one running inside workerd)
    if (req.method === 'GET' && req.url === '/__received')
      return send(200, { emails: this.emails, sms: this.sms, keys: this.keys });
    this.keys.push(String(req.headers['api-key']));
    if (req.method !== 'POST') return send(405, { code: 'method_not_allowed' });
    if (req.headers['api-key'] !== this.apiKey)
      return send(401, { code: 'unauthorized', message: 'Key not found' });
    if (this.status) return send(this.status, { code: 'error', message: 'try later' });
    const json = JSON.parse(body);
    if (req.url === '/v3/smtp/email') {
      if (json.to?.some((t: { email: string }) => this.invalid.has(t.email)))
        return send(400, { code: 'invalid_parameter', message: 'email is not valid in to' });
      this.emails.push(json);
      return send(201, { messageId: `<${Date.now()}@smtp-relay.mailin.fr>` });
    }
    if (req.url === '/v3/transactionalSMS/send') {
      if (this.invalid.has(json.recipient))
        return send(400, { code: 'invalid_parameter', message: 'Invalid phone number' });
      this.sms.push(json);
      return send(201, { messageId: 1511882900176220 });
    }
    send(404, { code: 'not_found' });
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}
