import { expect, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

test.describe('consultant weekly review', () => {
  test('agenda in priority order with reasons; record structured recommendations and mark reviewed', async ({
    page,
  }, testInfo) => {
    // Northgate: no other test writes to this clinic's data.
    await signIn(page, USERS.northgateConsultant, /\/review/);
    const agenda = page.getByRole('navigation', { name: 'Review agenda in priority order' });
    const items = agenda.getByRole('listitem').filter({ has: page.getByRole('link') });
    await expect(items.first()).toBeVisible();
    await expect(items.first()).toContainText(/^1\./);
    // Each line says why the patient is there.
    await expect(items.first()).toContainText(/Safety|New, never reviewed|Not improving|Requested|Longest/);

    const progress = page.getByRole('status').filter({ hasText: /\d+ of \d+ reviewed/ });
    const [before = 0, total = 0] = ((await progress.textContent()) ?? '').match(/\d+/g)?.map(Number) ?? [];
    expect(total).toBeGreaterThan(0);

    // The first unreviewed patient is open; the summary is one screen with the "why".
    await expect(page.getByRole('heading', { name: 'Why on the agenda' })).toBeVisible();
    await expect(page.getByRole('figure', { name: 'PHQ-9 trajectory' })).toBeVisible();
    await attachScreenshot(page, testInfo, 'review-agenda');
    await expectAccessible(page);

    const patient =
      (await page.getByRole('heading', { level: 2 }).filter({ hasText: ',' }).first().textContent())?.trim() ?? '';
    await page.getByRole('button', { name: 'Add recommendation' }).click();
    const rec = page.getByRole('group', { name: 'Recommendation 1' });
    await rec.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Change dose' }).click();
    await rec.getByLabel('Detail').fill('Increase to target dose; recheck PHQ-9 in 4 weeks');
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect(rec.getByRole('alert')).toHaveText('Name the medication. Give the new dose.');
    await rec.getByLabel('Medication').fill('Sertraline');
    await rec.getByLabel('Dose').fill('100 mg daily');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Mark reviewed' }).click();

    await expect(page.getByText(`${patient} marked reviewed`)).toBeVisible();
    await expect(progress).toHaveText(`${Math.min(total, before + 1)} of ${total} reviewed`);
    await expect(agenda.getByRole('listitem').filter({ hasText: patient })).toContainText('Reviewed');
  });
});
