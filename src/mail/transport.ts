/**
 * What every channel's transport does with one message, and what it answers. No SMTP or file
 * system here: this file and brevo.ts run on Node and Workers; node-transports.ts is Node's.
 */
export interface OutgoingMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** files carried with the message (a receipt's PDF), built when it is sent */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** Base64 of bytes, without Node's Buffer (Workers): what Brevo's API takes for a file. */
export function base64Of(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export interface OutgoingSms {
  /** E.164, with its + */
  to: string;
  text: string;
}

/**
 * sent; retry (a network error, 4xx of SMTP, 429 or 5xx of an API: later, with back-off);
 * permanent (SMTP 5xx, a provider refusing the address or number: the address is marked failing).
 */
export type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string; retryAfterS?: number }
  | { kind: 'permanent'; error: string };

export interface MailTransport {
  /** smtp, brevo, or files (no mail configured: .eml files under DATA_DIR/mail) */
  readonly name: 'smtp' | 'brevo' | 'files';
  /** messages it takes at once (SMTP: twice the pool's connections); 5 when unsaid */
  readonly concurrency?: number;
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close?(): Promise<void> | void;
}

export interface SmsTransport {
  readonly name: string;
  send(sms: OutgoingSms): Promise<SendOutcome>;
}

/** "Surplus Link <noreply@example.org>" or "noreply@example.org" -> its parts. */
export function parseFrom(from: string): { name?: string; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (m) return { ...(m[1] ? { name: m[1] } : {}), email: m[2].trim() };
  return { email: from.trim() };
}

export const DEFAULT_MAIL_FROM = 'Surplus Link <noreply@localhost>';
