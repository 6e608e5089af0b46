/**
 * The few lines of iCalendar (RFC 5545) the calendar feed needs, written here: no iCalendar writer
 * is among the project's packages (ical-generator would be the one to add). What the RFC asks of a
 * writer, and this one does:
 * - every line ends with CRLF (3.1);
 * - a line longer than 75 octets is folded: CRLF then one space, never inside a UTF-8 character (3.1);
 * - TEXT values escape backslash, semicolon, comma and line breaks (3.3.11); other control
 *   characters are not allowed in TEXT and are dropped;
 * - times are UTC (`19970714T173000Z`, 3.3.5), so no VTIMEZONE is needed;
 * - each VEVENT has a UID and a DTSTAMP (3.6.1).
 */

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

const encoder = new TextEncoder();
const LIMIT = 75;

/** A UTC DATE-TIME: 20261127T090000Z. */
export function icalTime(d: Date) {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A TEXT value (3.3.11): \ ; , escaped, line breaks as \n, other control characters dropped. */
export function icalText(s: string) {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\t/g, ' ');
}

/** One content line, folded at 75 octets (the continuation's leading space counts). */
export function foldLine(line: string) {
  if (encoder.encode(line).length <= LIMIT) return line + '\r\n';
  let out = '';
  let octets = 0;
  let room = LIMIT;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (octets + n > room) {
      out += '\r\n ';
      octets = 0;
      room = LIMIT - 1;
    }
    out += ch;
    octets += n;
  }
  return out + '\r\n';
}

/** A whole calendar: its name, then the events. `now` is every event's DTSTAMP. */
export function writeCalendar(opts: {
  name: string;
  prodId: string;
  events: CalendarEvent[];
  now: Date;
}) {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${opts.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${icalText(opts.name)}`, // RFC 7986
    `X-WR-CALNAME:${icalText(opts.name)}`, // what most calendar programs read
    'REFRESH-INTERVAL;VALUE=DURATION:PT30M',
    'X-PUBLISHED-TTL:PT30M',
  ];
  for (const e of opts.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icalText(e.uid)}`,
      `DTSTAMP:${icalTime(opts.now)}`,
      `DTSTART:${icalTime(e.start)}`,
      `DTEND:${icalTime(e.end)}`,
      `STATUS:${e.status}`,
      `SUMMARY:${icalText(e.summary)}`,
      `DESCRIPTION:${icalText(e.description)}`,
    );
    if (e.location) lines.push(`LOCATION:${icalText(e.location)}`);
    if (e.url) lines.push(`URL:${e.url}`);
    lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('');
}
