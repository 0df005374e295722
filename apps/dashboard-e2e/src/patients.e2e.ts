import { expect, type Page, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

/** The patient list finished loading (no progress bar). */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('progressbar', { name: 'Loading patients' })).toHaveCount(0);
}

test.describe('PCP: my patients', () => {
  test('lands on their own patients, searches by MRN (kept in the URL) and opens a patient', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.pcp, /\/patients$/);
    await expect(page.getByRole('heading', { level: 1, name: 'My patients' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link')).toHaveText([
      'My patients',
      'Registry overview',
      'Screening',
      'Team huddle',
      'My tasks',
    ]);
    await expect(nav.getByRole('link', { name: 'My patients' })).toHaveAttribute('aria-current', 'page');

    const table = page.getByRole('table');
    await expect(table.getByRole('columnheader')).toHaveText([
      'Patient',
      'MRN',
      'Date of birth',
      'Episode',
      'Care manager',
      'Latest PHQ-9',
      'Latest GAD-7',
      'Flags',
    ]);
    await settled(page);
    await expect(page.getByRole('status').filter({ hasText: /Showing 1–\d+ of \d+ patients/ })).toBeVisible();
    const rows = table.getByRole('row');
    expect(await rows.count()).toBeGreaterThan(1);
    await attachScreenshot(page, testInfo, 'pcp-my-patients');
    await expectAccessible(page);

    // Search for the second patient by MRN: the URL keeps the search, the list narrows to them.
    const second = rows.nth(2);
    const name = (await second.getByRole('link').textContent())?.trim() ?? '';
    const mrn = (await second.getByRole('cell').nth(1).textContent())?.trim() ?? '';
    expect(mrn).not.toBe('');
    const searched = page.waitForResponse(
      (r) => r.url().includes(`/api/patients?`) && r.url().includes(`search=${mrn}`),
    );
    await page.getByLabel('Search name or MRN').fill(mrn);
    await searched;
    await expect(page).toHaveURL(new RegExp(`/patients\\?q=${mrn}$`));
    await settled(page);
    await expect(rows).toHaveCount(2); // header + the match
    await expect(rows.nth(1)).toContainText(mrn);

    // A reload restores the search.
    await page.reload();
    await expect(page.getByLabel('Search name or MRN')).toHaveValue(mrn);
    await expect(rows).toHaveCount(2);

    // Open the patient from the keyboard.
    const link = table.getByRole('link', { name });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });

  test('a search with no match says so', async ({ page }) => {
    await signIn(page, USERS.pcp, /\/patients$/);
    await page.goto('/patients?q=zz-no-such-patient');
    await expect(page.getByRole('status').filter({ hasText: 'No patients match this search.' })).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
  });
});
