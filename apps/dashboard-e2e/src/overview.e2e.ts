import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/session';

test.describe('registry overview', () => {
  test('shows the seeded clinics with their registry sizes (public, aggregates only)', async ({ page }, testInfo) => {
    await page.goto('/overview');
    await expect(page.getByRole('heading', { name: 'Registry overview' })).toBeVisible();

    const table = page.getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(4); // header + three demo clinics
    await expect(table).toContainText('Riverside Family Medicine');
    await expect(table).toContainText('Harbor View Primary Care');

    // Totals come from the API's aggregates: the demo registry has ~150 patients.
    const patients = Number((await page.locator('.totals .figure').first().textContent())?.replace(/\D/g, ''));
    expect(patients).toBeGreaterThanOrEqual(140);

    await testInfo.attach('overview', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  });

  test('has no WCAG 2.1 AA violations', async ({ page }) => {
    await page.goto('/overview');
    await expect(page.getByRole('table')).toBeVisible();
    await expectAccessible(page);
  });
});
