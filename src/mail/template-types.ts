import type { Lang } from '../i18n/index.js';

// The shape of a message template, apart from the list of templates (templates.ts): a feature's
// own templates import these types without importing the list that imports them.
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
