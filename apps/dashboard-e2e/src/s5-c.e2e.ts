import { expect, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

// Issue #15: leadership sees Huddle's CMS159 computed per the eCQM's own definitions, per stratum.
for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`leadership reads CMS159 populations per stratum (eCQM definitions) at ${viewport.width}×${viewport.height}`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(90_000); // the outcomes page evaluates every measure of the clinic on a shared machine
    await page.setViewportSize(viewport);
    await signIn(page, USERS.leadership, /\/outcomes/);
    const panel = page.getByRole('region', { name: /CMS159 depression remission at 12 months/ });
    const table = panel.getByRole('table');
    await expect(table.getByRole('columnheader')).toHaveText([
      'Stratum',
      'Initial population',
      'Denominator',
      'Exclusions',
      'Numerator',
      'Rate',
    ]);
    await expect(table.getByRole('rowheader')).toHaveText([
      'All patients',
      'Ages 12–17 (stratum 1)',
      'Ages 18 and over (stratum 2)',
    ]);
    // Counts only: every cell a number (or a dash for a rate without a denominator).
    for (const cell of await table.locator('tbody td').allTextContents()) {
      expect(cell.trim()).toMatch(/^(\d+|\d+%|—)$/);
    }
    // Another measurement period re-evaluates.
    const year = Number((await panel.getByRole('combobox', { name: 'Measurement period' }).textContent())?.trim());
    const answer = page.waitForResponse((r) => r.url().includes(`/api/outcomes/cms159?year=${year - 1}`));
    await panel.getByRole('combobox', { name: 'Measurement period' }).click();
    await page.getByRole('option', { name: String(year - 1) }).click();
    expect((await answer).status()).toBe(200);
    await expect(table.getByRole('rowheader')).toHaveCount(3);
    // No horizontal overflow of the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Nor of the table: on a phone each stratum is a card of labelled counts, not a table scrolled sideways.
    const scroller = panel.getByRole('region', { name: 'CMS159 populations table' });
    expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/c-shots/cms159-${viewport.width}.png` });
    await attachScreenshot(page, testInfo, `cms159-${viewport.width}`);
    await expectAccessible(page);
  });
}
