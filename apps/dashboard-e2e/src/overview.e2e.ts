import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, USERS } from './support/session';

test.describe('registry overview', () => {
  test('asks for a sign-in, then shows only the clinic of the signed-in user', async ({ page }, testInfo) => {
    await page.goto('/overview');
    await expect(page).toHaveURL(/\/login/);

    // Signing in returns to the page asked for.
    await signIn(page, USERS.leadership, /\/overview/);
    await expect(page.getByRole('heading', { name: 'Registry overview' })).toBeVisible();

    const table = page.getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(2); // header + the director's own clinic
    await expect(table).toContainText('Riverside Family Medicine');
    await expect(table).not.toContainText('Harbor View Primary Care');

    // Totals come from the API's aggregates of the one clinic.
    const patients = Number((await page.locator('.totals .figure').first().textContent())?.replace(/\D/g, ''));
    expect(patients).toBeGreaterThan(10);

    await testInfo.attach('overview', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  });

  test('has no WCAG 2.1 AA violations', async ({ page }) => {
    await signIn(page, USERS.leadership, /\/outcomes/);
    await page.goto('/overview');
    await expect(page.getByRole('table')).toBeVisible();
    await expectAccessible(page);
  });
});
