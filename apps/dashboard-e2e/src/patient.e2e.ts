import { expect, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

test.describe('patient page', () => {
  test('trajectories with target lines and data tables, symptom heatmap, episode, contacts, recommendations', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.careManager, /\/caseload/);
    // Patients reviewed by the consultant have markers; sort by last review to find one.
    await page.goto('/caseload?sort=lastReviewAt&order=desc');
    // A seeded patient (MRN RIV…): other journeys add patients of their own, reviewed but without scores.
    const link = page
      .getByRole('table')
      .getByRole('row')
      .filter({ hasText: /RIV\d+/ })
      .first()
      .getByRole('link')
      .first();
    const name = (await link.textContent())?.trim() ?? '';
    await link.click();
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

    const phq = page.getByRole('figure', { name: 'PHQ-9 trajectory' });
    await expect(phq.locator('figcaption')).toContainText(/PHQ-9 scores from \d+/);
    await expect(phq.getByRole('region', { name: 'PHQ-9 trajectory data' }).getByRole('row').nth(1)).toContainText(
      'baseline',
    );
    await expect(phq.getByRole('listitem').filter({ hasText: 'Response target (50% of baseline' })).toBeVisible();
    await expect(phq.getByRole('listitem').filter({ hasText: 'Remission (< 5)' })).toBeVisible();
    await expect(page.getByRole('figure', { name: 'GAD-7 trajectory' })).toBeVisible();

    const items = page.getByRole('figure', { name: 'PHQ-9 items over time' });
    await expect(items.getByRole('table').getByRole('rowheader')).toHaveCount(9);
    await page
      .getByRole('radio', { name: 'GAD-7' })
      .or(page.getByRole('button', { name: 'GAD-7', exact: true }))
      .first()
      .click();
    await expect(page.getByRole('figure', { name: 'GAD-7 items over time' }).getByRole('rowheader')).toHaveCount(7);

    await expect(page.getByRole('region', { name: 'Episode' })).toContainText('Care manager');
    await expect(page.getByRole('region', { name: 'Contacts and minutes' }).getByRole('table')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Consultant recommendations' })).toBeVisible();
    await attachScreenshot(page, testInfo, 'patient');
    await expectAccessible(page);
  });

  test('changes the episode status along the lifecycle, asking for what each step needs', async ({ page }) => {
    await signIn(page, USERS.careManager2, /\/caseload/);
    await page.goto('/caseload?status=active&sort=name&order=desc');
    await page.getByRole('table').getByRole('link').first().click();
    const episode = page.getByRole('region', { name: 'Episode' });
    await expect(episode).toContainText('Active treatment');
    await episode.getByRole('button', { name: 'Change status' }).click();

    await episode.getByRole('combobox', { name: 'New status' }).click();
    await page.getByRole('option', { name: 'Discharged' }).click();
    // A discharge is confirmed in a second step (issue #11); without a reason it goes no further.
    await episode.getByRole('button', { name: 'Discharge…' }).click();
    await expect(episode.getByText('Choose a discharge reason')).toBeVisible();
    await expectAccessible(page);

    await episode.getByRole('combobox', { name: 'New status' }).click();
    await page.getByRole('option', { name: 'Relapse prevention' }).click();
    await episode.getByRole('button', { name: 'Save status' }).click();
    await expect(episode.getByRole('definition').first()).toHaveText('Relapse prevention');
  });
});
