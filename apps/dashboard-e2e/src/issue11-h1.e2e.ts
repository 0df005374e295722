import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiCall, apiUser, registerActivePatient } from './support/api';
import { expectAccessible, signIn, USERS } from './support/session';

// The e2e machine is shared (2 cores, several runs at once): allow slow saves and sign-ins.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

/**
 * Issue #11 item 1 (flag lifecycle) and corrections. Every journey works on a patient it registers
 * itself through the API (the seeded patients other files rely on stay untouched).
 */

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Registers an active patient on cm1's caseload with the Riverside consultant; returns id and name. */
async function newPatient(
  request: APIRequestContext,
  family: string,
): Promise<{ id: string; name: string; cm: string }> {
  const cm = await apiUser(request, USERS.careManager);
  const consultant = await apiUser(request, USERS.consultant);
  const suffix = Math.random().toString(36).slice(2, 8);
  const referred = day(-10);
  const patient = await registerActivePatient(
    request,
    cm.auth,
    {
      mrn: `H1-${suffix}`,
      givenName: 'Hana',
      familyName: `${family}${suffix}`,
      birthDate: '1984-05-06',
      careManagerId: cm.id,
      referredOn: referred,
    },
    referred,
    { consultantId: consultant.id },
  );
  return { id: patient.id, name: `Hana ${family}${suffix}`, cm: cm.auth };
}

/** PHQ-9 answers: items 1–8 at `each`, item 9 at `item9`. */
const phq9 = (each: number, item9 = 0): Record<string, number> => ({
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`phq9_${i + 1}`, each])),
  phq9_9: item9,
});

async function openPatient(page: Page, id: string): Promise<void> {
  await page.goto(`/patients/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

test.describe('issue #11: flag lifecycle and corrections', () => {
  test('the care manager documents a safety follow-up and the SAFETY flag clears', async ({ page, request }) => {
    const p = await newPatient(request, 'Safety');
    await apiCall(request, p.cm, 'post', `/api/patients/${p.id}/assessments`, {
      instrument: 'PHQ9',
      administeredOn: day(-1),
      source: 'clinic',
      answers: phq9(2, 2),
    });
    await signIn(page, USERS.careManager, /\/caseload/);
    await openPatient(page, p.id);
    const banner = page.getByRole('alert').filter({ hasText: 'Safety:' });
    await expect(banner).toContainText('safety follow-up not documented');
    await banner.getByRole('button', { name: 'Document safety follow-up' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Save follow-up' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Choose the risk level');
    await expectAccessible(page);
    const choose = async (label: string, option: string) => {
      await dialog.getByRole('combobox', { name: label }).click();
      await page.getByRole('option', { name: option }).click();
    };
    await choose('Risk level', 'Low');
    await choose('Safety plan', 'Safety plan created');
    await choose('Disposition', 'Continue outpatient care');
    await dialog.getByRole('checkbox', { name: /988/ }).check();
    await dialog.getByRole('checkbox', { name: 'Lethal-means counselling done' }).check();
    await dialog.getByLabel('Next contact').fill(day(6));
    await dialog.getByRole('button', { name: 'Save follow-up' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByRole('alert').filter({ hasText: 'Safety:' })).toHaveCount(0);
    const history = page.getByRole('region', { name: 'Flag history' });
    const entry = history.getByRole('listitem').filter({ hasText: 'Safety answer' });
    await expect(entry).toContainText('PHQ-9 item 9 (safety) answered 2');
    await expect(entry).toContainText('Safety follow-up');
    await expect(entry).toContainText('Risk: low');
    await expect(entry).not.toContainText(/\d{4}-\d{2}-\d{2}/); // prose dates only
    await expectAccessible(page);
  });

  test('a mistyped score is corrected and the trajectory changes', async ({ page, request }) => {
    const p = await newPatient(request, 'Typo');
    for (const [on, answers] of [
      [day(-9), phq9(2)],
      [day(-1), phq9(3)],
    ] as const) {
      await apiCall(request, p.cm, 'post', `/api/patients/${p.id}/assessments`, {
        instrument: 'PHQ9',
        administeredOn: on,
        source: 'clinic',
        answers,
      });
    }
    await signIn(page, USERS.careManager, /\/caseload/);
    await openPatient(page, p.id);
    const data = page.getByRole('region', { name: 'PHQ-9 trajectory data' });
    const latestScore = data.getByRole('row').last().getByRole('cell').first();
    await expect(latestScore).toHaveText('24');

    const records = page.getByRole('region', { name: 'Scores and contacts as recorded' });
    await records
      .getByRole('button', { name: /^Correct PHQ-9/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason for the correction').fill('Items 1–4 were typed as 3 instead of 1');
    for (let i = 0; i < 4; i++) await dialog.getByRole('radiogroup').nth(i).getByRole('radio').nth(1).check();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save PHQ-9' }).click();
    await expect(dialog).toBeHidden();

    await expect(latestScore).toHaveText('16');
    await expect(data.getByRole('row').last()).toContainText('Moderately severe');
    const corrections = records.getByRole('list', { name: 'Corrections' });
    await expect(corrections).toContainText('Score corrected');
    await expect(corrections).toContainText('was PHQ-9 24');
    await expectAccessible(page);
  });

  test('a manual flag is resolved with a reason', async ({ page, request }) => {
    const p = await newPatient(request, 'Manual');
    await signIn(page, USERS.careManager, /\/caseload/);
    await openPatient(page, p.id);
    await page.getByRole('button', { name: 'Flag for review' }).click();
    const raise = page.getByRole('dialog');
    await raise.getByRole('radio', { name: 'Safety concern (top of the agenda)' }).check();
    await raise.getByLabel('Note for the consultant (optional)').fill('Said things feel hopeless');
    await raise.getByRole('button', { name: 'Flag for review' }).click();
    await expect(raise).toBeHidden();

    const history = page.getByRole('region', { name: 'Flag history' });
    const entry = history.getByRole('listitem').filter({ hasText: 'Safety concern' });
    await expect(entry).toContainText('Open');
    await entry.getByRole('button', { name: /^Resolve/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Resolve flag' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Give a reason.');
    await dialog.getByLabel('Reason (required)').fill('Seen today; no current risk');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Resolve flag' }).click();
    await expect(dialog).toBeHidden();
    await expect(entry).toContainText('Resolved');
    await expect(entry).toContainText('Seen today; no current risk');
    await expect(entry.getByRole('button', { name: /^Resolve/ })).toHaveCount(0);
    await expectAccessible(page);
  });

  test("the consultant's review clears a review request", async ({ page, request }) => {
    const p = await newPatient(request, 'Review');
    await apiCall(request, p.cm, 'post', `/api/patients/${p.id}/flags`, {
      code: 'DISCUSS_WITH_CONSULTANT',
      note: 'Not improving, please advise',
    });
    await signIn(page, USERS.consultant, /\/review/);
    await page.goto(`/review?patient=${p.id}`);
    const family = p.name.split(' ')[1] ?? '';
    const heading = page.getByRole('heading', { level: 2, name: new RegExp(family) });
    await expect(heading).toBeVisible();
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    // Saved: the page moves on to the next patient not yet reviewed.
    await expect(heading).toBeHidden();

    await openPatient(page, p.id);
    const entry = page
      .getByRole('region', { name: 'Flag history' })
      .getByRole('listitem')
      .filter({ hasText: 'Review requested' });
    await expect(entry).toContainText('Consultant review');
    await expect(entry).toContainText("Discussed at the consultant's weekly review");
    await expect(entry).not.toContainText('Open');
    await expectAccessible(page);
  });
});
