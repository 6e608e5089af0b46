import type { Lang } from '../../i18n/index.js';
import { DRIVER_TEMPLATES } from './driver-templates.js';
import { REPORT_TEMPLATES } from './report-templates.js';
import type { MailTemplate } from './words.js';

/** The scheduled messages' words (added to src/mail/templates.ts's TEMPLATES in one line). */
export const SCHEDULED_TEMPLATES: Record<string, Record<Lang, MailTemplate>> = {
  ...DRIVER_TEMPLATES,
  ...REPORT_TEMPLATES,
};
