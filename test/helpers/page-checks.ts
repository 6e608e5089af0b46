import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// The checks every page passes on a phone (test/browser/every-page.test.ts and the pages of their
// own tests): no text under 12 px, axe-core's WCAG 2.1 A and AA rules, nothing wider than the
// screen. axe is injected as an inline script: the page's context needs bypassCSP.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Visible text drawn under 12 px: HTML by its computed size, SVG by its size as seen on screen. */
export function smallText(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent!.trim();
      const el = n.parentElement;
      if (!text || !el) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const box = range.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // not drawn (closed details, sr-only...)
      if (el.closest('.sr-only, .visually-hidden, [aria-hidden="true"] .leaflet-tile')) continue;
      let size = parseFloat(style.fontSize);
      const node: Element = el;
      if (node instanceof SVGGraphicsElement) {
        const m = node.getScreenCTM();
        if (m) size *= Math.hypot(m.a, m.b);
      }
      if (size < 11.95) found.push(`${size.toFixed(1)}px "${text.slice(0, 40)}" <${el.tagName}>`);
    }
    return found;
  });
}

export async function axeViolations(page: Page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return (r.violations as any[]).map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n: any) => n.target.join(' '))
          .join(' | ')}`,
    );
  });
}

/** Everything wrong with the page as laid out on the phone, each said with `label`. */
export async function layoutFaults(page: Page, label: string) {
  const faults: string[] = [];
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (over > 0) faults.push(`${label}: ${over} px too wide`);
  for (const s of await smallText(page)) faults.push(`${label}: small text ${s}`);
  for (const v of await axeViolations(page)) faults.push(`${label}: axe ${v}`);
  return faults;
}
