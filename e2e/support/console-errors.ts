import type { Page } from '@playwright/test';

/**
 * Every console error and uncaught exception of a page, kept for an
 * assertion at the end: a hydration mismatch is reported by React in the
 * console (minified as errors #418/#423/#425 in a production build), not
 * as a failed request.
 */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text().slice(0, 500)}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: uncaught ${e.message.slice(0, 500)}`));
  return errors;
}
