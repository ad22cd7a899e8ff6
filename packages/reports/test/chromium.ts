/**
 * The one headless-Chromium launcher of the browser tests (reports and the CLI's served
 * dashboard): where Chromium is, whether the tests run, and a page that records console errors
 * and every request leaving it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The system Chromium (CI installs it, see `.ci/run`). */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser tests run: Chromium is there, or CI (where they must run, never skip). */
export const hasChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

/** Launch headless Chromium; `out` (a screenshot directory) is created first when given. */
export async function launchChromium(out?: string): Promise<Browser> {
  if (out) mkdirSync(out, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

/** A page's console errors and the URLs it requested (data: and about:blank left out). */
export interface Watched {
  readonly errors: string[];
  readonly requests: string[];
}

/** Record `page`'s console errors, page errors and requests from now on. */
export function watch(page: Page): Watched {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
  });
  return { errors, requests };
}
