import { expect as baseExpect, type Page, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

/**
 * Issue #11 items 6–8: phone and tablet layouts, sessions across tabs, the clinic's time zone and
 * prose dates. These journeys only read the seeded registry (dialogs are cancelled, never saved).
 */

// The CI machine is shared (two cores): give each step room rather than fail on a slow response.
test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 20_000 });

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };
/** A prose date such as "1 Dec 2026" (never "2026-12-01"). */
const PROSE_DATE = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

/** Elements (the document included) whose content is wider than their box: horizontal scroll. */
async function horizontalOverflow(page: Page, documentOnly = false): Promise<string[]> {
  return page.evaluate((documentOnly) => {
    const wide: string[] = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) wide.push(`document ${doc.scrollWidth} > ${doc.clientWidth}`);
    if (documentOnly) return wide;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const style = getComputedStyle(el);
      if (!['auto', 'scroll'].includes(style.overflowX) || el.clientWidth === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        wide.push(`${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    return wide;
  }, documentOnly);
}

/** The clinic's wall clock now, as a datetime-local value (`YYYY-MM-DDTHH:mm`). */
function clinicNowInput(timeZone: string, now = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

test.describe('phone and tablet layouts', () => {
  test('at 390×844 the caseload is a list of cards with no horizontal scroll', async ({ page }, testInfo) => {
    await page.setViewportSize(PHONE);
    await signIn(page, USERS.careManager, /\/caseload/);
    const cards = page.getByRole('list', { name: /^Caseload: one card per patient/ });
    await expect(cards).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
    const card = cards.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
    await expect(card).toHaveCount(25);
    const first = card.first();
    await expect(first.getByRole('heading', { level: 2 }).getByRole('link')).toBeVisible();
    await expect(first.getByText('PHQ-9', { exact: true })).toBeVisible();
    await expect(first.getByText('GAD-7', { exact: true })).toBeVisible();
    await expect(first.getByText('Weeks', { exact: true })).toBeVisible();
    await expect(first.getByText('Last contact', { exact: true })).toBeVisible();
    await expect(first.getByRole('button', { name: /^Actions for / })).toBeVisible();
    // Most urgent first: the first card carries its flags.
    await expect(first.getByRole('list', { name: /^Flags for / })).toBeVisible();
    expect(await horizontalOverflow(page)).toEqual([]);
    const box = await first.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);

    // The sort picker replaces the column headers.
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Name' }).click();
    await expect(page).toHaveURL(/sort=name/);
    await expect(card.first()).toBeVisible();
    expect(await horizontalOverflow(page)).toEqual([]);
    await attachScreenshot(page, testInfo, 'phone-caseload-cards');
    await expectAccessible(page);

    // Back on a desktop width the table returns.
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(page.getByRole('table')).toBeVisible();
  });

  test('at 390×844 the score dialog fills the screen and item 9 > 0 shows the safety prompt above the sticky total', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(PHONE);
    await signIn(page, USERS.careManager, /\/caseload/);
    const first = page
      .getByRole('list', { name: /^Caseload: one card per patient/ })
      .getByRole('listitem')
      .first();
    const name = (await first.getByRole('heading', { level: 2 }).textContent())?.trim() ?? '';
    await first.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Add score' }).click();
    const dialog = page.getByRole('dialog', { name: `Add score — ${name}` });
    await expect(dialog).toBeVisible();
    const dialogBox = await dialog.boundingBox();
    expect(dialogBox?.width).toBeGreaterThanOrEqual(PHONE.width - 1);

    await dialog
      .getByRole('radiogroup', { name: /Thoughts that you would be better off dead/ })
      .getByRole('radio', { name: /Several days/ })
      .check();
    const prompt = dialog.getByRole('alert').filter({ hasText: 'Safety: item 9 answered' });
    await expect(prompt).toBeVisible();
    await expect(prompt).toBeInViewport({ ratio: 1 });
    const bar = dialog.getByRole('status').filter({ hasText: /items answered|of 27/ });
    await expect(bar).toContainText('Safety: item 9 answered');
    // The prompt is wholly above the sticky bar, inside the dialog's scrolling content.
    await expect
      .poll(async () => {
        const [p, b] = [await prompt.boundingBox(), await bar.boundingBox()];
        return p && b ? Math.round(b.y - (p.y + p.height)) : -1;
      })
      .toBeGreaterThanOrEqual(0);
    const content = await dialog.locator('mat-dialog-content').boundingBox();
    const promptBox = await prompt.boundingBox();
    expect(promptBox && content && promptBox.y >= content.y).toBe(true);
    expect(await horizontalOverflow(page)).toEqual([]);
    await attachScreenshot(page, testInfo, 'phone-assessment-safety');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    // The contact and flag dialogs fit the phone too.
    for (const action of ['Log contact', 'Flag for review'] as const) {
      await first.getByRole('button', { name: `Actions for ${name}` }).click();
      await page.getByRole('menuitem', { name: action }).click();
      const d = page.getByRole('dialog', { name: `${action} — ${name}` });
      await expect(d).toBeVisible();
      expect(await horizontalOverflow(page)).toEqual([]);
      await expect(d.getByRole('button', { name: 'Cancel' })).toBeVisible();
      await expectAccessible(page);
      await d.getByRole('button', { name: 'Cancel' }).click();
      await expect(d).toBeHidden();
    }
  });

  test('every page fits a phone and a tablet without horizontal scroll', async ({ page }) => {
    const pages = [
      { user: USERS.careManager, landing: /\/caseload/, paths: ['/caseload'] },
      { user: USERS.consultant, landing: /\/review/, paths: ['/review'] },
      { user: USERS.pcp, landing: /\/patients/, paths: ['/patients'] },
      // Outcomes' wide data tables sit in labelled, focusable scroll regions (their layout is issue #11 item 9's).
      { user: USERS.leadership, landing: /\/outcomes/, paths: ['/outcomes', '/overview'], documentOnly: ['/outcomes'] },
      { user: USERS.admin, landing: /\/admin/, paths: ['/admin'] },
    ];
    for (const size of [PHONE, TABLET]) {
      await page.setViewportSize(size);
      for (const entry of pages) {
        await signIn(page, entry.user, entry.landing);
        for (const path of entry.paths) {
          await page.goto(path);
          await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
          await page.waitForLoadState('networkidle');
          const documentOnly = 'documentOnly' in entry && (entry.documentOnly?.includes(path) ?? false);
          expect(await horizontalOverflow(page, documentOnly), `${path} at ${size.width}×${size.height}`).toEqual([]);
        }
        await page.getByRole('button', { name: 'Sign out' }).click();
        await expect(page).toHaveURL(/\/login/);
      }
    }
  });

  test('at 390×844 the weekly review list stays in the page: nothing lies over the patient once scrolled past', async ({
    page,
  }) => {
    await page.setViewportSize(PHONE);
    await signIn(page, USERS.consultant, /\/review/);
    const markReviewed = page.getByRole('button', { name: 'Mark reviewed' });
    await expect(markReviewed).toBeVisible();
    await markReviewed.evaluate((button) => button.scrollIntoView({ block: 'center' }));
    await expect(markReviewed).toBeInViewport();
    // The element on top at the button's centre is the button (the list was sticky and covered it).
    const onTop = await markReviewed.evaluate((button) => {
      const r = button.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return hit !== null && button.contains(hit);
    });
    expect(onTop).toBe(true);
  });
});

test.describe('sessions across tabs', () => {
  test('a new tab of a signed-in user opens signed in; after sign-out a new tab asks to sign in', async ({
    page,
    context,
  }) => {
    await signIn(page, USERS.careManager, /\/caseload/);
    await expect(page.getByRole('table')).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === 'huddle_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/auth' });
    // Page scripts cannot read it, and nothing is kept in web storage.
    expect(await page.evaluate(() => document.cookie)).not.toContain('huddle_refresh');
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(
      cookie?.value ?? 'none',
    );

    const second = await context.newPage();
    await second.goto('/caseload');
    await expect(second.getByRole('table')).toBeVisible();
    await expect(second).toHaveURL(/\/caseload/);
    await expect(second.getByRole('heading', { level: 1, name: /^Caseload/ })).toBeVisible();
    await expectAccessible(second);
    // Both tabs keep working after the second one rotated the shared cookie.
    await page.reload();
    await expect(page.getByRole('table')).toBeVisible();
    await second.close();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect.poll(async () => (await context.cookies()).some((c) => c.name === 'huddle_refresh')).toBe(false);
    const third = await context.newPage();
    await third.goto('/caseload', { waitUntil: 'commit' });
    await expect(third).toHaveURL(/\/login\?returnUrl=/);
    await expect(third.getByRole('heading', { name: 'Sign in to Huddle' })).toBeVisible();
    await third.close();
  });
});

test.describe("dates in the clinic's time zone", () => {
  // The browser is 14 hours ahead of UTC; the clinic (Riverside) is in New York, 19 hours behind it.
  test.use({ timezoneId: 'Pacific/Kiritimati' });

  test("forms default to the clinic's day and clock, and dates read as prose", async ({ page }, testInfo) => {
    await signIn(page, USERS.careManager, /\/caseload/);
    const clinicZone = 'America/New_York'; // Riverside in the demo seed

    // Caseload dates are prose.
    const table = page.getByRole('table');
    await expect(table.getByRole('row').nth(1)).toBeVisible();
    const tableText = await table.innerText();
    expect(tableText).toMatch(PROSE_DATE);
    expect(tableText).not.toMatch(ISO_DATE);

    // The patient page: prose dates, contacts with the clinic's time "1 Dec 2026, 14:05".
    await table.getByRole('row').nth(1).getByRole('link').first().click();
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}/);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(main.getByRole('heading', { name: 'Contacts and minutes' })).toBeVisible();
    const mainText = await main.innerText();
    expect(mainText).toMatch(PROSE_DATE);
    expect(mainText).toMatch(/\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\b/);
    expect(mainText).not.toMatch(ISO_DATE);

    // "Log contact" starts at the clinic's now, not the browser's (14 + 5 hours apart).
    await main.getByRole('button', { name: 'Log contact' }).first().click();
    const dialog = page.getByRole('dialog', { name: /^Log contact/ });
    const started = dialog.getByLabel(/^Started/);
    const value = await started.inputValue();
    const expected = clinicNowInput(clinicZone);
    const minutesApart = Math.abs(Date.parse(`${value}:00Z`) - Date.parse(`${expected}:00Z`)) / 60_000;
    expect(minutesApart).toBeLessThanOrEqual(2);
    // The browser's own clock is 19 hours ahead of the clinic's (the dates differ for part of each day only).
    const browserNow = clinicNowInput('Pacific/Kiritimati');
    const hoursFromBrowser = Math.abs(Date.parse(`${value}:00Z`) - Date.parse(`${browserNow}:00Z`)) / 3_600_000;
    expect(hoursFromBrowser).toBeGreaterThan(18);
    await attachScreenshot(page, testInfo, 'contact-clinic-clock');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // "Add score" defaults to the clinic's today.
    await main.getByRole('button', { name: 'Add score' }).first().click();
    const score = page.getByRole('dialog', { name: /^Add score/ });
    await expect(score.getByLabel('Date completed')).toHaveValue(expected.slice(0, 10));
    await score.getByRole('button', { name: 'Cancel' }).click();
  });
});
