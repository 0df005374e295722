import { expect, test } from '@playwright/test';
import { signIn, tabTo, USERS } from './support/session';

test.describe('keyboard only', () => {
  test('skip link, navigation, sorting, opening a patient and a dialog without a mouse', async ({ page }) => {
    // The patient page has more stops since issue #11 (chart points, flag and record panels): more Tab presses.
    test.setTimeout(90_000);
    await signIn(page, USERS.careManager, /\/caseload/);
    await page.goto('/caseload'); // a fresh load: focus starts at the top of the document
    await expect(page.getByRole('table')).toBeVisible();

    // The first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
    await expect(page).toHaveURL(/\/caseload/);

    // Sort by a column with the keyboard.
    const weeks = page.getByRole('button', { name: 'Weeks' });
    await tabTo(page, () => weeks.evaluate((el) => el === document.activeElement));
    const sorted = page.waitForResponse((r) => r.url().includes('/api/caseload?sort=weeksInTreatment'));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/sort=weeksInTreatment&order=asc/);
    await sorted;
    await expect(page.getByRole('progressbar', { name: 'Loading caseload' })).toHaveCount(0);

    // The row actions menu opens, traps focus and closes with Escape, returning focus.
    const actions = page.getByRole('button', { name: /^Actions for / }).first();
    await tabTo(page, () => actions.evaluate((el) => el === document.activeElement), 80);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Log contact' })).toBeFocused();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Log contact — / });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(actions).toBeFocused();

    // Open a patient from the list with Enter; focus moves to the new page's content.
    // A seeded patient (MRN RIV…, with scores): other journeys add patients of their own without any.
    const patient = page
      .getByRole('table')
      .getByRole('row')
      .filter({ hasText: /RIV\d+/ })
      .first()
      .getByRole('link')
      .first();
    await patient.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/patients\//);
    await expect(page.locator('main')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus')).toBeVisible();

    // Scrollable data tables are reachable and scrollable from the keyboard.
    const data = page.getByRole('region', { name: 'PHQ-9 trajectory data' });
    await tabTo(page, () => data.evaluate((el) => el === document.activeElement), 150);
  });
});
