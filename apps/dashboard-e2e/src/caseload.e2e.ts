import { expect, type Page, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

/** The caseload finished loading (no progress bar, results line shown). */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('progressbar', { name: 'Loading caseload' })).toHaveCount(0);
}

test.describe('care manager caseload', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, USERS.careManager, /\/caseload/);
  });

  test('lists the caseload with scores and flags; the "why" shows on hover and on keyboard focus', async ({
    page,
  }, testInfo) => {
    await expect(page.getByRole('heading', { level: 1, name: /^Caseload/ })).toBeVisible();
    const table = page.getByRole('table');
    await expect(table.getByRole('columnheader', { name: /PHQ-9 baseline → latest/ })).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(26); // header + a page of 25
    await expect(page.getByRole('status').filter({ hasText: /Showing 1–25 of \d+ patients/ })).toBeVisible();

    // Flags come most urgent first; each chip explains itself.
    const chip = table
      .getByRole('list', { name: /^Flags for / })
      .first()
      .getByRole('listitem')
      .first()
      .locator('[tabindex="0"]');
    await chip.hover();
    // The page's one shared tooltip is aria-hidden (the text reaches screen readers as the chip's description).
    const tooltip = page.locator('.hd-tooltip');
    await expect(tooltip).toBeVisible();
    const reason = (await tooltip.textContent())?.trim() ?? '';
    expect(reason.length).toBeGreaterThan(10);
    await page.mouse.move(0, 0);
    await expect(tooltip).toBeHidden();
    await chip.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect(chip).toBeFocused();
    await expect(tooltip).toHaveText(reason);
    await expect(chip).toHaveAccessibleDescription(reason);
    await attachScreenshot(page, testInfo, 'caseload-flag-tooltip');
    await expectAccessible(page);
  });

  test('keeps sort, filters and page in the URL', async ({ page }) => {
    const table = page.getByRole('table');
    await table.getByRole('button', { name: 'Last contact' }).click();
    await expect(page).toHaveURL(/sort=lastContactAt&order=asc/);
    await settled(page);
    await expect(table.getByRole('columnheader', { name: 'Last contact' })).toHaveAttribute('aria-sort', 'ascending');

    const filtered = page.waitForResponse((r) => r.url().includes('flag=NOT_IMPROVING'));
    await page.getByRole('combobox', { name: 'Flag' }).click();
    await page.getByRole('option', { name: 'Not improving', exact: true }).click();
    await filtered;
    await expect(page).toHaveURL(/flag=NOT_IMPROVING/);
    await settled(page);
    await expect(page.getByRole('status').filter({ hasText: /Showing 1–\d+ of \d+ patients/ })).toBeVisible();
    const rows = table.getByRole('row');
    const count = await rows.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 1; i < count; i++) await expect(rows.nth(i)).toContainText('Not improving');

    // A reload (or a shared link) restores the same view.
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Flag' })).toContainText('Not improving');
    await expect(table.getByRole('columnheader', { name: 'Last contact' })).toHaveAttribute('aria-sort', 'ascending');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).not.toHaveURL(/flag=/);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByRole('status').filter({ hasText: /Showing 26–/ })).toBeVisible();

    await page.getByLabel('Search name or MRN').fill('RIV10000');
    await expect(page).toHaveURL(/q=RIV10000/);
    await expect(page).not.toHaveURL(/page=2/);
  });

  test('quick actions: log a contact and flag for review from the row', async ({ page }, testInfo) => {
    const row = page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: /^Actions for / }) })
      .filter({ hasNotText: 'Review requested' })
      .nth(2);
    const name = (await row.getByRole('link').textContent())?.trim() ?? '';

    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Log contact' }).click();
    const dialog = page.getByRole('dialog', { name: `Log contact — ${name}` });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Minutes').fill('25');
    await dialog.getByLabel('Activity').fill('Follow-up call, behavioural activation');
    await expectAccessible(page);
    await attachScreenshot(page, testInfo, 'log-contact-dialog');
    await dialog.getByRole('button', { name: 'Save contact' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`Contact saved for ${name}`)).toBeVisible();

    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Flag for review' }).click();
    const flagDialog = page.getByRole('dialog', { name: `Flag for review — ${name}` });
    await flagDialog.getByLabel('Note for the consultant (optional)').fill('Sleep worse since the dose change');
    await flagDialog.getByRole('button', { name: 'Flag for review' }).click();
    await expect(flagDialog).toBeHidden();
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: name })
        .getByRole('list', { name: `Flags for ${name}` }),
    ).toContainText('Review requested');
  });

  test('add score: item-by-item PHQ-9 with live total, severity and the safety prompt', async ({ page }, testInfo) => {
    const row = page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: /^Actions for / }) })
      .filter({ hasNotText: 'Safety' })
      .nth(4);
    const name = (await row.getByRole('link').textContent())?.trim() ?? '';
    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Add score' }).click();
    const dialog = page.getByRole('dialog', { name: `Add score — ${name}` });
    const items = dialog.getByRole('list').getByRole('radiogroup');
    await expect(items).toHaveCount(9);
    await expect(items.first()).toHaveAccessibleName('1. Little interest or pleasure in doing things');

    const answers = [1, 1, 2, 1, 0, 1, 0, 0];
    for (const [i, value] of answers.entries()) {
      await items.nth(i).getByRole('radio').nth(value).check();
    }
    await expect(dialog.getByRole('status')).toContainText('8 of 9 items answered · running total 6');
    await expect(dialog.getByRole('alert')).toHaveCount(0);

    await dialog
      .getByRole('radiogroup', { name: /Thoughts that you would be better off dead/ })
      .getByRole('radio', { name: /Several days/ })
      .check();
    await expect(dialog.getByRole('alert')).toContainText('Safety: item 9 answered “Several days”');
    await expect(dialog.getByRole('status')).toContainText('7 of 27 — Mild');
    await attachScreenshot(page, testInfo, 'assessment-safety-prompt');
    await expectAccessible(page);

    await dialog.getByRole('button', { name: 'Save PHQ-9' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`PHQ-9 saved for ${name}`)).toBeVisible();
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: name })
        .getByRole('list', { name: `Flags for ${name}` }),
    ).toContainText('Safety');
  });
});
