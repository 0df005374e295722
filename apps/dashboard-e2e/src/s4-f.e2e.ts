import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, expectNoHorizontalScroll, signIn, USERS } from './support/session';

/**
 * Issue #15 (dashboard): the Import page — a CSV with one bad row is checked (dry run: that row's error,
 * nothing written), then imported (patients created), then imported again (nothing changes); the
 * caseload export downloads a file holding the imported rows; a FHIR Bundle shows each entry's result.
 * Every journey uses MRNs of its own; the seeded patients are left alone.
 */

// The shared 2-core machine runs several suites at once: sign-in (argon2) and axe can take a while.
test.describe.configure({ timeout: 300_000 });

/** A calendar date well in the past in every time zone (no dependence on the hour the test runs). */
const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

test.describe('care manager: CSV import and the caseload export', () => {
  test('dry run shows the bad row and writes nothing; import creates the patients; re-import changes nothing; export reads them back', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const stamp = Date.now().toString(36).toUpperCase();
    const [m1, m2] = [`S4F${stamp}A`, `S4F${stamp}B`];
    const date = daysAgo(10);
    const header = 'Patient MRN,First name,Last name,DOB,Visit date,Questionnaire,Score';
    const good = [`${m1},Inés,Ortega,1979-05-04,${date},PHQ-9,12`, `${m2},Tom,Baker,1990-11-30,${date},GAD-7,6`];
    const withBadRow = [header, good[0], `${m2},Tom,Baker,1990-11-30,${date},GAD-7,99`].join('\n');
    const valid = [header, ...good].join('\n');

    await signIn(page, USERS.careManager, /\/caseload/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();

    const csv = page.locator('hd-csv-import');
    await csv
      .getByLabel('CSV file')
      .setInputFiles({ name: 'scores.csv', mimeType: 'text/csv', buffer: Buffer.from(withBadRow) });
    await expect(csv.getByText('scores.csv — 2 data rows')).toBeVisible();
    // The mapping is found from the header's usual spellings; the user confirms it.
    await expect(csv.getByRole('combobox', { name: 'MRN *' })).toContainText('Patient MRN');
    await expect(csv.getByRole('combobox', { name: 'Total score' })).toContainText('Score');
    await expect(csv.getByRole('combobox', { name: 'Birth date' })).toContainText('DOB');

    await csv.getByRole('button', { name: 'Check file (dry run)' }).click();
    const result = csv.getByRole('region', { name: 'Dry run result' });
    await expect(result).toContainText('Dry run: 1 of 2 rows have errors');
    const errors = result.getByRole('table', { name: /Rows with errors/ });
    await expect(errors.getByRole('row')).toHaveCount(2);
    const badRow = errors.getByRole('row').nth(1);
    await expect(badRow.getByRole('cell').nth(0)).toHaveText('3');
    await expect(badRow.getByRole('cell').nth(1)).toHaveText('Score');
    await expect(badRow.getByRole('cell').nth(2)).toContainText('99');
    await attachScreenshot(page, testInfo, 'import-dry-run-errors');
    await expectAccessible(page);

    // The corrected file: both patients are created (so the dry run wrote nothing).
    await csv
      .getByLabel('CSV file')
      .setInputFiles({ name: 'scores-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(valid) });
    await csv.getByRole('button', { name: 'Import', exact: true }).click();
    const imported = csv.getByRole('region', { name: 'Import result' });
    await expect(imported).toContainText('Imported', { timeout: 30_000 });
    const count = (label: string) =>
      imported.locator('div', { has: page.getByText(label, { exact: true }) }).locator('dd');
    await expect(count('Patients created')).toHaveText('2');
    await expect(count('Scores loaded')).toHaveText('2');
    await expect(count('Unchanged (already imported)')).toHaveText('0');
    await expect(count('Rows failed')).toHaveText('0');
    await attachScreenshot(page, testInfo, 'import-done');
    await expectAccessible(page);

    // The same file again: nothing new.
    await csv
      .getByLabel('CSV file')
      .setInputFiles({ name: 'scores-again.csv', mimeType: 'text/csv', buffer: Buffer.from(valid) });
    await csv.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(imported).toContainText('Imported', { timeout: 30_000 });
    await expect(count('Patients created')).toHaveText('0');
    await expect(count('Scores loaded')).toHaveText('0');
    await expect(count('Unchanged (already imported)')).toHaveText('2');

    // The caseload, searched for this journey's MRNs, exported as CSV through the user's session.
    await page.goto(`/caseload?q=S4F${stamp}`);
    await expect(page.locator('table tbody tr')).toHaveCount(2, { timeout: 30_000 });
    const exports = page.getByRole('group', { name: 'Download the caseload' });
    const downloading = page.waitForEvent('download');
    await exports.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const lines = (await readFile(await download.path(), 'utf8')).split(/\r?\n/).filter((l) => l !== '');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).some((l) => l.includes(m1) && l.includes('Ortega'))).toBe(true);
    expect(lines.slice(1).some((l) => l.includes(m2) && l.includes('Baker'))).toBe(true);
    await expectAccessible(page);
  });
});

test.describe('FHIR Bundle import on a phone', () => {
  test("a batch Bundle's entries are listed with their result; the refused one names its problem", async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const clinic = page.waitForResponse((r) => r.url().endsWith('/api/clinics/current') && r.ok());
    await signIn(page, USERS.careManager, /\/caseload/);
    const { id: clinicId } = (await (await clinic).json()) as { id: string };
    const mrn = `S4FB${Date.now().toString(36).toUpperCase()}`;
    const authored = `${daysAgo(7)}T14:00:00Z`;
    const items = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
    const qr = (answers: number[], total: number) => ({
      resource: {
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        questionnaire: 'http://loinc.org/q/44249-1',
        subject: { reference: 'Patient/s4f' },
        authored,
        item: [
          ...answers.map((value, i) => ({ linkId: `/${items[i]}`, answer: [{ valueInteger: value }] })),
          { linkId: '/44261-6', answer: [{ valueInteger: total }] },
        ],
      },
      request: { method: 'POST', url: 'QuestionnaireResponse' },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        {
          fullUrl: 'urn:uuid:patient-s4f',
          resource: {
            resourceType: 'Patient',
            id: 's4f',
            identifier: [{ system: `urn:huddle:clinic:${clinicId}:mrn`, value: mrn }],
            name: [{ family: 'Quintero', given: ['Luz'] }],
            birthDate: '1984-07-09',
          },
          request: { method: 'POST', url: 'Patient' },
        },
        qr([1, 1, 1, 1, 1, 1, 1, 1, 0], 9), // stated 9, items 8: refused
        qr([2, 2, 1, 1, 1, 1, 1, 1, 0], 10),
      ],
    };

    await page.goto('/import');
    const fhir = page.locator('hd-fhir-import');
    await fhir.getByLabel('FHIR Bundle file').setInputFiles({
      name: 'bundle.json',
      mimeType: 'application/fhir+json',
      buffer: Buffer.from(JSON.stringify(bundle)),
    });
    await expect(fhir.getByText('bundle.json — batch, 3 entries')).toBeVisible();
    await fhir.getByRole('button', { name: 'Import Bundle' }).click();
    const result = fhir.getByRole('region', { name: 'Bundle import result' });
    await expect(result).toContainText('2 of 3 entries accepted', { timeout: 30_000 });
    const rows = result.getByRole('table').getByRole('row');
    await expect(rows.nth(1)).toContainText('201 Created');
    await expect(rows.nth(2)).toContainText('400 Bad Request');
    await expect(rows.nth(2)).toContainText('stated PHQ-9 total 9 disagrees with the items');
    await expect(rows.nth(2)).toContainText('Bundle.entry[1]');
    await expect(rows.nth(3)).toContainText('201 Created');
    await expectNoHorizontalScroll(page);
    await attachScreenshot(page, testInfo, 'import-fhir-phone');
    await expectAccessible(page);
  });

  test('the Import page is not offered to roles the API does not let import', async ({ page }) => {
    await signIn(page, USERS.pcp, /\/patients/);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' })).toHaveCount(0);
    await page.goto('/import');
    // A full load resumes the session first; then the role guard sends the PCP home.
    await expect(page).toHaveURL(/\/patients/, { timeout: 30_000 });
  });
});
