import { expect } from 'vitest';

export interface ParsedEvent {
  [name: string]: string;
}

/**
 * A strict reader of the feed, written from RFC 5545 rather than from our writer: it checks the
 * physical lines (CRLF only, at most 75 octets), unfolds them (CRLF + one space or tab), splits
 * name, parameters and value, and unescapes TEXT values (\\ \; \, \n \N).
 */
export function parseCalendar(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line).not.toMatch(/[\r\n]/); // no bare CR or LF
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  const calendar: Record<string, string> = {};
  const events: ParsedEvent[] = [];
  let current: ParsedEvent | null = null;
  const stack: string[] = [];
  for (const line of lines) {
    const colon = unquotedColon(line);
    expect(colon).toBeGreaterThan(0);
    const [name] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') current = {};
      continue;
    }
    if (name === 'END') {
      expect(stack.pop()).toBe(value);
      if (value === 'VEVENT') (events.push(current!), (current = null));
      continue;
    }
    expect(name).toMatch(/^[A-Z0-9-]+$/);
    (current ?? calendar)[name] = unescapeText(value);
  }
  expect(stack).toEqual([]);
  return { calendar, events };
}

function unquotedColon(line: string) {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

function unescapeText(v: string) {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c !== '\\') {
      // an unescaped ; or , inside a TEXT value would split it into several values
      expect(c === ';' || c === ',').toBe(false);
      out += c;
      continue;
    }
    const n = v[++i];
    if (n === 'n' || n === 'N') out += '\n';
    else if (n === '\\' || n === ';' || n === ',') out += n;
    else throw new Error(`bad escape \\${n} in ${v}`);
  }
  return out;
}

/** 20261127T090000Z -> Date */
export function icalDate(v: string) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  if (!m) throw new Error(`not a UTC DATE-TIME: ${v}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}
