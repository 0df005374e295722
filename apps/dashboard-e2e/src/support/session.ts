import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** The seed gives every staff user this password (README "Demo accounts"). */
export const DEMO_PASSWORD = 'huddle-demo';

export const USERS = {
  careManager: 'cm1@riverside.huddle.test',
  careManager2: 'cm2@riverside.huddle.test',
  consultant: 'psych@riverside.huddle.test',
  leadership: 'director@riverside.huddle.test',
  admin: 'admin@riverside.huddle.test',
  pcp: 'pcp1@riverside.huddle.test',
  northgateConsultant: 'psych@northgate.huddle.test',
} as const;

/** Signs in through the login page and waits for the landing page. */
export async function signIn(page: Page, email: string, landing: RegExp): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Argon2 on a shared, busy machine can take longer than the default 5 s to land.
  await expect(page).toHaveURL(landing, { timeout: 30_000 });
}

/** WCAG 2.1 A/AA checks of the current page (or of one region of it). */
export async function expectAccessible(page: Page, include?: string): Promise<void> {
  // Colour contrast is only meaningful once fade-ins (e.g. a Material error sliding in) have ended.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  // @axe-core/playwright types its page with its own copy of playwright-core's types: same object.
  let builder = new AxeBuilder({
    page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'],
  }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  const violations = results.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
  expect(violations).toEqual([]);
}

/**
 * The page fits its viewport's width: no horizontal scroll (phones, issue #11 item 9). Polled, since
 * charts re-lay themselves out a moment after a resize (ngx-charts debounces it).
 */
export async function expectNoHorizontalScroll(page: Page, what = 'the page'): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), {
      message: `${what}: no horizontal scroll at ${page.viewportSize()?.width} px`,
    })
    .toBeLessThanOrEqual(0);
}

/** A full-page screenshot attached to the test report. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
}

/** Presses Tab until `target` has focus (at most `max` presses); fails otherwise. */
export async function tabTo(page: Page, isTarget: () => Promise<boolean>, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isTarget()) return;
    await page.keyboard.press('Tab');
  }
  expect(await isTarget(), `not reached with ${max} Tab presses`).toBe(true);
}
