import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe('registry overview', () => {
  test('shows the seeded clinics with their registry sizes', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/overview$/);
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
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
