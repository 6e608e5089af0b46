import type { Lang } from '../i18n/index.js';

/** What one message says, in one language: the e-mail's subject, text and HTML; an SMS's text. */
export interface Rendered {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export type Params = Record<string, string | number>;
/** `links`: absolute URLs, built from PUBLIC_URL when the message is sent. */
export type Template = (
  p: Params,
  links: Record<string, string>,
) => Omit<Rendered, 'html'> & {
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
};
