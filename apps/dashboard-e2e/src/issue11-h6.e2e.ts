import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

/** Issue #11 item 9: leadership's Outcomes and billing worklist, the PCP's list. Read-only journeys. */

// The shared 2-core machine runs several suites at once: sign-in (argon2) and axe can take a while.
test.describe.configure({ timeout: 120_000 });

test.describe('leadership: outcomes on complete months', () => {
  test('opens on the last complete month; the partial month is labelled, left out, and included on request', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.leadership, /\/outcomes/);
    const note = page.getByRole('note', { name: 'Reporting period' });
    await expect(note).toContainText(/Showing complete months, through [A-Z][a-z]+ \d{4}\./);
    await expect(note).toContainText(/[A-Z][a-z]+ \d{4} — month to date, \d+ days? is left out of the trends/);
    const current = /([A-Z][a-z]+ \d{4}) — month to date/.exec((await note.textContent()) ?? '')?.[1] ?? '';
    expect(current).not.toBe('');
    const short = `${current.slice(0, 3)} ${current.slice(-4)}`;
    const trend = page.getByRole('figure', { name: /Response \(≥ 50% reduction\) by month/ });
    const monthsShown = trend.getByRole('table').getByRole('rowheader');
    await expect(monthsShown.last()).not.toContainText(short);
    await expect(
      page.getByText(/As of \d{1,2} [A-Z][a-z]{2} \d{4}, the end of the last complete month\./),
    ).toBeVisible();
    await attachScreenshot(page, testInfo, 'outcomes-complete-months');
    await expectAccessible(page);

    await page.getByRole('switch', { name: `Include ${current} (month to date)` }).click();
    await expect(page).toHaveURL(/partial=1/);
    await expect(note).toContainText(`Including ${current} — month to date`);
    await expect(monthsShown.last()).toHaveText(`${short} (to date)`);
    await expectAccessible(page);
  });

  test('a quality measure with no eligible patients says why instead of a bare 0/0', async ({ page }, testInfo) => {
    await signIn(page, USERS.leadership, /\/outcomes/);
    const quality = page.getByRole('region', { name: 'Quality measures', exact: true });
    // Today the demo clinic has patients in every measure (its CMS159 cases among them).
    const cms159 = quality.getByRole('row', { name: /CMS159 remission at 12 months/ });
    await expect(cms159).toBeVisible();
    await expect(quality.getByText(/^No eligible patients/)).toHaveCount(0);

    // Three years ago, before any of the demo's scores, nobody was eligible: the page asks the API as of the
    // end of the browser's last complete month, and each measure says which condition left everyone out.
    const threeYearsAgo = new Date();
    threeYearsAgo.setUTCFullYear(threeYearsAgo.getUTCFullYear() - 3);
    await page.clock.setFixedTime(threeYearsAgo);
    await page.goto('/outcomes');
    await expect(quality.getByRole('table')).toContainText(String(threeYearsAgo.getUTCFullYear() - 1));
    await expect(cms159).toContainText(/No eligible patients: nobody had a PHQ-9 between /);
    await expect(quality).not.toContainText('NO_INDEX_EVENT');
    await attachScreenshot(page, testInfo, 'outcomes-empty-measure');
    await expectAccessible(page, 'section[aria-labelledby="quality-title"]');
  });
});

test.describe('leadership: billing worklist', () => {
  test('lists the patients of the month with minutes and codes, and downloads the CSV', async ({ page }, testInfo) => {
    await signIn(page, USERS.leadership, /\/outcomes/);
    await page.getByRole('link', { name: /Open the billing worklist for/ }).click();
    await expect(page).toHaveURL(/\/outcomes\/billing\?month=\d{4}-\d{2}/);
    await expect(page.getByRole('heading', { level: 1, name: 'Billing worklist' })).toBeVisible();
    // The loading state leaves once the list is there (it once stayed: a route-level animation renderer
    // was never flushed).
    await expect(page.getByText(/\d+ patients, \d+ billable/)).toBeVisible();
    await expect(page.getByText('Loading the billing worklist…')).toHaveCount(0);
    const table = page.getByRole('table', { name: /Billing worklist, / });
    await expect(table.getByRole('columnheader')).toHaveText([
      'Patient',
      'MRN',
      'Care manager',
      'Billing PCP',
      'Minutes',
      'Codes',
      'Billable',
    ]);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(table).toContainText(/99493 ×1|99492 ×1|G2214 ×1/);
    await expect(page.getByText(/\d+ patients, \d+ billable, [\d,]+ minutes; units /)).toBeVisible();
    const first = rows.first();
    const firstMrn = ((await first.locator('td').first().textContent()) ?? '').trim();
    await attachScreenshot(page, testInfo, 'billing-worklist');
    await expectAccessible(page);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^cocm-billing-\d{4}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Month,Family name,Given name,MRN,Care manager,Billing PCP,First month,Minutes,99492 units,99493 units,99494 units,G2214 units,Billable,Not billable because',
    );
    const row = lines.find((l) => l.includes(`,${firstMrn},`));
    expect(row).toBeDefined();
    expect(row).toMatch(/^\d{4}-\d{2},/);
    expect(lines.filter((l) => l !== '')).toHaveLength((await rows.count()) + 1);
  });

  test('fits a phone: the worklist as cards, no horizontal scroll', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, USERS.leadership, /\/outcomes/);
    await page.goto('/outcomes/billing');
    await expect(page.getByRole('table', { name: /Billing worklist, / })).toBeVisible();
    const fits = await page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    );
    expect(fits).toBe(true);
    await expectAccessible(page);
  });
});

test.describe('PCP: my patients with scores and flags', () => {
  test('shows each patient’s latest PHQ-9 and GAD-7 with change from baseline, and their flags', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.pcp, /\/patients$/);
    const table = page.getByRole('table');
    await expect(table.getByRole('columnheader', { name: 'Latest PHQ-9' })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'Latest GAD-7' })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'Flags' })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Loading patients' })).toHaveCount(0);
    // Scores: total, prose date and change from baseline.
    await expect(table.getByText(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/).first()).toBeVisible();
    await expect(table.getByText(/^[+−]?\d+% from \d+$/).first()).toBeVisible();
    // Flags as chips, per patient.
    await expect(table.getByRole('list', { name: /^Flags for / }).first()).toBeVisible();
    await attachScreenshot(page, testInfo, 'pcp-scores-flags');
    await expectAccessible(page);
  });
});
