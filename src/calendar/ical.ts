/**
 * The calendar feed written by ical-generator (RFC 5545): it folds lines at 75 octets without
 * cutting a UTF-8 character, escapes TEXT values and ends lines with CRLF. What is left here is
 * the feed's own shape: times in UTC (so no VTIMEZONE), one UID per donation that stays the same
 * across fetches, a refresh interval, and control characters dropped from the texts (RFC 5545
 * does not allow them in TEXT and shops type descriptions freely).
 */
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';

export interface CalendarEvent {
  /** stable across fetches, so calendars update the event instead of adding another */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  status: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
}

const STATUS = {
  TENTATIVE: ICalEventStatus.TENTATIVE,
  CONFIRMED: ICalEventStatus.CONFIRMED,
  CANCELLED: ICalEventStatus.CANCELLED,
} as const;

/** A text as RFC 5545 allows it: line breaks kept, other control characters dropped. */
function plain(s: string) {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\t/g, ' ');
}

/** A whole calendar: its name, then the events. `now` is every event's DTSTAMP. */
export function writeCalendar(opts: {
  name: string;
  prodId: string;
  events: CalendarEvent[];
  now: Date;
}) {
  const calendar = ical({
    name: plain(opts.name),
    prodId: opts.prodId,
    method: ICalCalendarMethod.PUBLISH,
    ttl: 30 * 60, // REFRESH-INTERVAL and X-PUBLISHED-TTL
  });
  for (const e of opts.events) {
    calendar.createEvent({
      id: plain(e.uid),
      stamp: opts.now,
      start: e.start,
      end: e.end,
      status: STATUS[e.status],
      summary: plain(e.summary),
      description: plain(e.description),
      location: e.location ? plain(e.location) : null,
      url: e.url,
      transparency: ICalEventTransparency.OPAQUE,
    });
  }
  // RFC 5545 3.1: every content line ends with CRLF, the last one too (the library leaves it off)
  return calendar.toString() + '\r\n';
}
