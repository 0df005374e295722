import { expect, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

test.describe('leadership outcomes', () => {
  test('rates over time by clinic and care manager, program and quality measures, billing — no patient identifiers', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.leadership, /\/outcomes/);
    const trend = page.getByRole('figure', { name: /Response \(≥ 50% reduction\) by month/ });
    await expect(trend.getByRole('table').getByRole('columnheader')).toContainText([
      'Month',
      'Riverside Family Medicine',
      /\(CM\)/,
    ]);
    await expect(page.getByRole('heading', { name: 'Program measures' })).toBeVisible();
    await expect(page.getByText('Consultation rate')).toBeVisible();
    await expect(page.getByRole('figure', { name: 'Caseload sizes' }).getByRole('table')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Quality measures', exact: true }).getByRole('table')).toContainText(
      'DRR-E',
    );
    await expect(page.getByRole('region', { name: 'CoCM billing' })).toContainText(/patients with care-manager time/);

    await page
      .getByRole('radio', { name: 'Remission' })
      .or(page.getByRole('button', { name: 'Remission', exact: true }))
      .first()
      .click();
    await expect(page).toHaveURL(/measure=remission/);
    await expect(page.getByRole('figure', { name: /Remission \(PHQ-9 < 5\) by month/ })).toBeVisible();

    // Aggregates only: no MRNs and no patient names from the seed.
    await expect(page.locator('main')).not.toContainText(/[A-Z]{3}\d{6}/);
    await attachScreenshot(page, testInfo, 'outcomes');
    await expectAccessible(page);
  });
});

test.describe('administrator', () => {
  test('minimal landing with the clinic settings and staff; no clinical pages', async ({ page }, testInfo) => {
    await signIn(page, USERS.admin, /\/admin/);
    await expect(page.getByRole('form', { name: 'Flag thresholds' }).getByLabel(/Caseload capacity/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Staff' }).getByRole('table')).toContainText(
      'cm1@riverside.huddle.test',
    );
    await attachScreenshot(page, testInfo, 'admin');
    await expectAccessible(page);
    await page.goto('/review');
    await expect(page).toHaveURL(/\/admin$/);
  });
});
