import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import { RpcThread } from '../shared/rpc-thread.js';
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

type SmtpError = {
  responseCode?: number;
  code?: string;
  name?: string;
  response?: string;
  message?: string;
};

/** A 5xx answer is permanent (the address is refused); 4xx, network errors, timeouts: later. */
function outcomeOf(err: SmtpError | null): SendOutcome {
  if (!err) return { kind: 'sent' };
  const error = `${err.responseCode ?? err.code ?? err.name}: ${err.response ?? err.message}`.slice(
    0,
    200,
  );
  if (err.responseCode && err.responseCode >= 500) return { kind: 'permanent', error };
  return { kind: 'retry', error };
}

// nodemailer's pool on a worker thread: the message as plain data in, its error's fields out
const SMTP_CODE = `
const nodemailer = require(workerData.nodemailer);
const transport = nodemailer.createTransport(workerData.options);
async function handle(m) {
  for (const a of m.attachments || []) a.content = Buffer.from(a.content);
  try {
    await transport.sendMail(m);
    return null;
  } catch (e) {
    return { responseCode: e.responseCode, code: e.code, name: e.name, response: e.response, message: e.message };
  }
}`;

/**
 * SMTP_URL (smtp://user:pass@host:587, smtps://...:465) with pooled connections, on a worker
 * thread: building each MIME message and speaking SMTP to the server is the sender's main cost,
 * and there it does not hold the event loop that answers requests and sends push (`onThread:
 * false` keeps it here). A 5xx answer is permanent (the address is refused); 4xx, network errors
 * and timeouts are tried again later, as is a message whose thread died under it.
 */
export function smtpTransport(
  url: string,
  opts: { maxConnections?: number; timeoutMs?: number; onThread?: boolean } = {},
): MailTransport {
  const timeout = opts.timeoutMs ?? 30_000;
  const maxConnections = opts.maxConnections ?? 5;
  const options = {
    url,
    pool: true,
    maxConnections,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
  if (opts.onThread ?? true) {
    const thread = new RpcThread<ReturnType<typeof message>, SmtpError | null>('smtp', SMTP_CODE, {
      nodemailer: createRequire(import.meta.url).resolve('nodemailer'),
      options,
    });
    return {
      name: 'smtp',
      concurrency: maxConnections,
      async send(m) {
        try {
          return outcomeOf(await thread.call(message(m)));
        } catch (e) {
          return { kind: 'retry', error: String((e as Error).message ?? e).slice(0, 200) };
        }
      },
      close: () => thread.close(),
    };
  }
  const transport = nodemailer.createTransport(
    options as Parameters<typeof nodemailer.createTransport>[0],
  );
  return {
    name: 'smtp',
    concurrency: maxConnections,
    async send(m): Promise<SendOutcome> {
      try {
        await transport.sendMail(message(m));
        return { kind: 'sent' };
      } catch (e) {
        return outcomeOf(e as SmtpError);
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
