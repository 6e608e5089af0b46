import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import { brevoMailTransport, brevoSmsTransport } from './brevo.js';
import type { MessageTransports } from './sender.js';
import type { MailTransport, OutgoingMail, SendOutcome, SmsTransport } from './transport.js';

/** Node only: SMTP through nodemailer, and the .eml folder when no mail is configured. */

function message(m: OutgoingMail) {
  return {
    from: m.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    headers: m.headers,
    attachments: m.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
    })),
  };
}

/**
 * SMTP_URL (smtp://user:pass@host:587, smtps://...:465) with pooled connections. A 5xx answer is
 * permanent (the address is refused); 4xx and network errors or timeouts are tried again later.
 */
export function smtpTransport(
  url: string,
  opts: { maxConnections?: number; timeoutMs?: number } = {},
): MailTransport {
  const timeout = opts.timeoutMs ?? 30_000;
  const maxConnections = opts.maxConnections ?? 5;
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    name: 'smtp',
    // twice the pool: while a connection transmits, the next message is claimed and waits in
    // nodemailer's queue, so that no connection stands idle for the claim's round trip (in
    // bench:messages, with its SMTP server still in the bench's process, e-mail beside 1,000
    // pushes went from 39-41 % of a bare loop to 44-51 %). A kill -9 leaves at most these in
    // doubt, those still waiting included: never sent, yet not sent again
    concurrency: 2 * maxConnections,
    async send(m): Promise<SendOutcome> {
      try {
        await transport.sendMail(message(m));
        return { kind: 'sent' };
      } catch (e) {
        const err = e as Error & { responseCode?: number; code?: string; response?: string };
        const error =
          `${err.responseCode ?? err.code ?? err.name}: ${err.response ?? err.message}`.slice(
            0,
            200,
          );
        if (err.responseCode && err.responseCode >= 500) return { kind: 'permanent', error };
        return { kind: 'retry', error };
      }
    },
    close: () => transport.close(),
  };
}

/**
 * No mail configured: each message is written as an .eml file under `dir` (DATA_DIR/mail), which a
 * mail program opens. Nothing leaves the machine.
 */
export function fileTransport(dir: string): MailTransport {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  let n = 0;
  return {
    name: 'files',
    async send(m): Promise<SendOutcome> {
      const info = (await transport.sendMail(message(m))) as unknown as { message: Buffer };
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await writeFile(join(dir, `${stamp}-${process.pid}-${++n}.eml`), info.message);
      return { kind: 'sent' };
    },
  };
}

/**
 * No SMS configured: each text message is written as a .txt file under `dir` (DATA_DIR/sms), its
 * number on the first line (a code to verify a number can be read there on a server without SMS).
 */
export function fileSmsTransport(dir: string): SmsTransport {
  let n = 0;
  return {
    name: 'files',
    async send(sms): Promise<SendOutcome> {
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await writeFile(
        join(dir, `${stamp}-${process.pid}-${++n}.txt`),
        `To: ${sms.to}\n\n${sms.text}\n`,
      );
      return { kind: 'sent' };
    },
  };
}

/**
 * Node's choice: SMTP_URL, else Brevo's API (BREVO_API_KEY), else .eml files; SMS through Brevo,
 * else .txt files.
 */
export function nodeMessageTransports(
  config: Pick<
    Config,
    | 'smtpUrl'
    | 'brevoApiKey'
    | 'brevoSmsSender'
    | 'brevoApiUrl'
    | 'mailFrom'
    | 'publicUrl'
    | 'dataDir'
    | 'port'
  >,
): MessageTransports {
  const mail = config.smtpUrl
    ? smtpTransport(config.smtpUrl)
    : config.brevoApiKey
      ? brevoMailTransport({ apiKey: config.brevoApiKey, baseUrl: config.brevoApiUrl ?? undefined })
      : fileTransport(join(config.dataDir, 'mail'));
  return {
    mail,
    sms: config.brevoApiKey
      ? brevoSmsTransport({
          apiKey: config.brevoApiKey,
          sender: config.brevoSmsSender,
          baseUrl: config.brevoApiUrl ?? undefined,
        })
      : fileSmsTransport(join(config.dataDir, 'sms')),
    from: config.mailFrom,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
  };
}
