import { expect as baseExpect, type Page, test } from '@playwright/test';
import { attachScreenshot, expectAccessible, signIn, USERS } from './support/session';

/**
 * Issue #11 registry tasks (h3): register and enrol, discharge with a reason, caseload transfer (care
 * manager and administrator), threshold editing. Every journey changes only records it created (new
 * patients, new staff named "Zz …" so they sort after the seeded ones) or restores what it changed.
 */

// The machine running the suite may be busy: generous timeouts, same assertions.
test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** The `Authorization` header the signed-in page sends (to create this test's own records through the API). */
async function bearer(page: Page): Promise<string> {
  const sent = page.waitForRequest((r) => r.url().includes('/api/') && Boolean(r.headers()['authorization']));
  await page.reload();
  return (await sent).headers()['authorization'] ?? '';
}

async function caseloadSettled(page: Page): Promise<void> {
  await expect(page.getByRole('progressbar', { name: 'Loading caseload' })).toHaveCount(0);
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label });
  const panel = page.getByRole('listbox', { name: label });
  // An empty outlined select's floating label sits over its centre; the click opens it all the same.
  // A click while the previous select's panel is still closing is lost: click until the panel shows.
  await expect(async () => {
    if (!(await panel.isVisible())) await box.click({ force: true });
    await baseExpect(panel).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await panel.getByRole('option', { name: option }).click();
  await expect(box.locator('.mat-mdc-select-value')).toContainText(option);
}

test.describe('care manager: register, enrol and discharge', () => {
  test('registers a new patient with consent (enrolled), then discharges them with a reason', async ({
    page,
  }, testInfo) => {
    const family = `Hale${stamp}`;
    await signIn(page, USERS.careManager, /\/caseload/);
    await page.getByRole('button', { name: 'Register patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a patient' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('MRN').fill(`E2E-H3-${stamp}`);
    await dialog.getByLabel('Given name').fill('Rowan');
    await dialog.getByLabel('Family name').fill(family);
    await dialog.getByLabel('Date of birth').fill('1975-05-20');
    await choose(page, 'Sex (administrative)', 'Female');
    await expect(dialog.getByRole('checkbox', { name: 'Consent obtained: enrol now' })).toBeChecked();
    // The consent date defaults to the clinic's today.
    await expect(dialog.getByLabel('Consent date')).not.toHaveValue('');
    await dialog.getByLabel(/Diagnoses/).fill('f32.1');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Register and enrol' }).click();

    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: `${family}, Rowan` })).toBeVisible();
    await expect(page.locator('.demographics')).toContainText('· female ·');
    // The preferred language by its name, not its tag (the dialog's default, en).
    await expect(page.locator('.demographics')).toContainText('prefers\u00a0English');
    const episode = page.getByRole('region', { name: 'Episode' });
    await expect(episode.getByText('Enrolled', { exact: true }).first()).toBeVisible();
    await expect(episode).toContainText('F32.1');

    // Discharge asks once more, naming the date and reason.
    await episode.getByRole('button', { name: 'Change status' }).click();
    await choose(page, 'New status', 'Discharged');
    await choose(page, 'Discharge reason', 'Completed treatment');
    await episode.getByRole('button', { name: 'Discharge…' }).click();
    await expect(episode.getByRole('alert')).toContainText(/Discharge on \d{1,2} \w{3} \d{4} \(Completed treatment\)/);
    await expectAccessible(page);
    await episode.getByRole('button', { name: 'Yes, discharge' }).click();
    await expect(episode).toContainText('Discharged');
    await expect(episode).toContainText('(Completed treatment)');
    await expect(episode.getByRole('button', { name: 'Start a new episode' })).toBeVisible();
    await expect(episode.getByRole('button', { name: 'Change status' })).toHaveCount(0);
    await attachScreenshot(page, testInfo, 'discharged');
    await expectAccessible(page);
  });
});

test.describe('caseload transfer', () => {
  test.describe.configure({ mode: 'serial' });
  const names = { a: `Zz H3 Transfer A ${stamp}`, b: `Zz H3 Transfer B ${stamp}` };
  const family = `Moved${stamp}`;

  test('the administrator adds two care managers', async ({ page }) => {
    await signIn(page, USERS.admin, /\/admin/);
    const staff = page.getByRole('region', { name: 'Staff' });
    for (const [key, name] of Object.entries(names)) {
      await staff.getByRole('button', { name: 'Add staff member' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add staff member' });
      // Material moves focus to the first field once the opening animation ends: typing before that
      // can land in the wrong field.
      await expect(dialog.getByLabel('Name')).toBeFocused();
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByLabel('Email').fill(`zz.h3.${key}.${stamp}@riverside.huddle.test`);
      await expect(dialog.getByRole('combobox', { name: 'Role' })).toContainText('Care manager');
      if (key === 'a') await expectAccessible(page);
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await expect(staff.getByRole('row', { name: new RegExp(name) })).toBeVisible();
    }
  });

  test('a care manager moves two of their own new patients to a colleague', async ({ page }, testInfo) => {
    await signIn(page, USERS.careManager, /\/caseload/);
    const auth = await bearer(page);
    for (const given of ['Ada', 'Bo']) {
      const res = await page.request.post('/api/patients', {
        headers: { Authorization: auth },
        data: { mrn: `E2E-H3-${given}-${stamp}`, givenName: given, familyName: family, birthDate: '1982-02-02' },
      });
      expect(res.status()).toBe(201);
      // Enrolled (consent on the referral day), so they are on the caseload list.
      const episode = ((await res.json()) as { episodes: Array<{ id: string; version: number; referredOn: string }> })
        .episodes[0];
      const enrolled = await page.request.patch(`/api/episodes/${episode?.id}/status`, {
        headers: { Authorization: auth },
        data: { version: episode?.version, status: 'enrolled', consentOn: episode?.referredOn },
      });
      expect(enrolled.status()).toBe(200);
    }
    await caseloadSettled(page);
    await page.getByRole('button', { name: 'Transfer patients' }).click();
    const dialog = page.getByRole('dialog', { name: /Transfer patients/ });
    await dialog.getByRole('checkbox', { name: new RegExp(`${family}, Ada`) }).check();
    await dialog.getByRole('checkbox', { name: new RegExp(`${family}, Bo`) }).check();
    await choose(page, 'Move to care manager', names.a);
    await expectAccessible(page);
    await attachScreenshot(page, testInfo, 'transfer-dialog');
    await dialog.getByRole('button', { name: 'Transfer 2 chosen' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(`2 patients moved to ${names.a}`)).toBeVisible();

    // They left this caseload.
    await page.getByLabel('Search name or MRN').fill(family);
    await caseloadSettled(page);
    await expect(page.getByText('No patients match these filters.')).toBeVisible();
  });

  test('the administrator moves the whole caseload on, seeing counts only', async ({ page }, testInfo) => {
    await signIn(page, USERS.admin, /\/admin/);
    const staff = page.getByRole('region', { name: 'Staff' });
    const rowA = staff.getByRole('row', { name: new RegExp(names.a) });
    const rowB = staff.getByRole('row', { name: new RegExp(names.b) });
    await expect(rowA.getByRole('cell').nth(4)).toHaveText('2');
    await expect(rowB.getByRole('cell').nth(4)).toHaveText('0');
    await rowA.getByRole('button', { name: `Transfer the caseload of ${names.a}` }).click();
    const dialog = page.getByRole('dialog', { name: /Transfer caseload/ });
    await expect(dialog).toContainText(`${names.a} holds 2 open episodes.`);
    await expect(dialog).not.toContainText(family);
    await choose(page, 'Move to care manager', names.b);
    await expectAccessible(page);
    await attachScreenshot(page, testInfo, 'admin-transfer');
    await dialog.getByRole('button', { name: 'Transfer whole caseload' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(rowB.getByRole('cell').nth(4)).toHaveText('2');
    await expect(rowA.getByRole('cell').nth(4)).toHaveText('0');
    await expect(rowA.getByRole('button', { name: /Transfer the caseload/ })).toHaveCount(0);
  });
});

test.describe('administrator: thresholds', () => {
  const capacity = 'Caseload capacity (patients per FTE)';
  const response = 'Response: reduction from baseline (%)';

  test.afterEach(async ({ page }) => {
    // Whatever happened, the clinic's capacity returns to the default.
    const auth = await bearer(page).catch(() => '');
    if (!auth) return;
    const clinic = await page.request.get('/api/clinics/current', { headers: { Authorization: auth } });
    if (!clinic.ok()) return;
    const { version, flagThresholdOverrides } = (await clinic.json()) as {
      version: number;
      flagThresholdOverrides: Record<string, number>;
    };
    if (flagThresholdOverrides['caseloadCapacity'] !== undefined) {
      await page.request.patch('/api/clinics/current', {
        headers: { Authorization: auth },
        data: { version, flagThresholds: { caseloadCapacity: null } },
      });
    }
  });

  test('edits a threshold, sees the field error of a bad value, and restores the default', async ({
    page,
  }, testInfo) => {
    await signIn(page, USERS.admin, /\/admin/);
    const form = page.getByRole('form', { name: 'Flag thresholds' });
    const input = form.getByLabel(capacity);
    await expect(form.getByRole('button', { name: new RegExp(`Reset ${capacity.replace(/[()]/g, '.')}`) })).toHaveCount(
      0,
    );
    const original = await input.inputValue();
    await input.fill(String(Number(original) + 5));
    await form.getByRole('button', { name: 'Save thresholds' }).click();
    await expect(form.getByRole('status')).toHaveText('Thresholds saved; flags use them from now on.');
    await expect(form).toContainText(`Clinic setting · default ${original}`);

    // A reduction above 100% is refused by the API; its message shows under that field.
    await form.getByLabel(response).fill('150');
    await form.getByRole('button', { name: 'Save thresholds' }).click();
    const error = form.getByRole('alert');
    await expect(error).toContainText('responseReductionPercent');
    await expect(form.getByLabel(response)).toHaveAttribute('aria-describedby', /.+/);
    await attachScreenshot(page, testInfo, 'threshold-error');
    await expectAccessible(page);

    // Restore: reload (the bad value was not saved) and reset the capacity to the default.
    await page.reload();
    await expect(form.getByLabel(response)).not.toHaveValue('150');
    await form.getByRole('button', { name: /^Reset Caseload capacity/ }).click();
    await expect(form.getByRole('status')).toHaveText('Thresholds saved; flags use them from now on.');
    await expect(form.getByLabel(capacity)).toHaveValue(original);
    await expect(form.getByRole('button', { name: /^Reset Caseload capacity/ })).toHaveCount(0);
  });
});
