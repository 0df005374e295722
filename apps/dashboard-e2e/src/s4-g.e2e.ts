import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  attachScreenshot,
  DEMO_PASSWORD,
  expectAccessible,
  expectNoHorizontalScroll,
  signIn,
  USERS,
} from './support/session';

/**
 * Issue #17 part 1: a PCP screens a patient at 390×844 (PHQ-2 positive → the PHQ-9 opens, GAD-2,
 * AUDIT-C, PC-PTSD-5), refers the positive screen with a warm handoff; leadership sees screening,
 * CMS2 and handoffs; organisation leadership sees every clinic side by side. The journey registers its
 * own patient (no seeded patient changes) and never compares dates across time zones.
 */

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 900 };
const ORG_LEADER = 'system@riverside.huddle.test';

async function token(request: APIRequestContext, email: string): Promise<{ auth: string; id: string }> {
  const res = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  return { auth: `Bearer ${body.accessToken}`, id: body.user.id };
}

/** A new Riverside patient whose PCP is pcp1 (registered by cm1), with a unique family name. */
async function newPatient(request: APIRequestContext): Promise<string> {
  const cm = await token(request, USERS.careManager);
  const pcp = await token(request, USERS.pcp);
  const family = `Screenwell${Math.random().toString(36).slice(2, 8)}`;
  const res = await request.post('/api/patients', {
    headers: { Authorization: cm.auth },
    data: {
      mrn: `G4-${family.slice(-6)}`,
      givenName: 'Gale',
      familyName: family,
      birthDate: '1984-05-06',
      pcpId: pcp.id,
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return family;
}

test.describe('universal screening and warm handoffs (issue #17)', () => {
  // The "Who took the handoff" list comes from GET /api/screening/handoff-clinicians, which a PCP may read.
  test('a PCP screens a patient on a phone, the PHQ-9 opens on a positive PHQ-2, and refers with a warm handoff', async ({
    page,
    request,
  }, testInfo) => {
    test.slow(); // a long journey: PHQ-2, PHQ-9, GAD-2, PC-PTSD-5, the referral, axe twice
    const family = await newPatient(request);
    await page.setViewportSize(PHONE);
    await signIn(page, USERS.pcp, /\/patients/);
    await page.goto('/screening');
    await expect(page.getByRole('heading', { name: 'Screening', level: 1 })).toBeVisible();
    await page.getByLabel('Find a patient (name or MRN)').fill(family);
    await page.getByRole('button', { name: new RegExp(family) }).click();

    const form = page.getByRole('form', { name: 'Screening visit' });
    const answer = async (question: RegExp, option: string) =>
      form.getByRole('radiogroup', { name: question }).getByRole('radio', { name: option, exact: true }).click();
    await answer(/^1\. Little interest or pleasure/, 'More than half the days (2)');
    await expect(form.getByText('Positive PHQ-2')).toHaveCount(0);
    await answer(/^2\. Feeling down, depressed/, 'More than half the days (2)');
    await expect(form.getByText(/PHQ-2 total 4 — positive/)).toBeVisible();
    await expect(form.getByText('Positive PHQ-2 (≥ 3): complete the PHQ-9.')).toBeVisible();
    // The PHQ-9's items 3–9 (items 1–2 are the PHQ-2's answers).
    for (const n of [3, 4, 5, 6, 7, 8, 9]) {
      await form
        .getByRole('radiogroup', { name: new RegExp(`^${n}\\. `) })
        .first()
        .getByRole('radio')
        .nth(1)
        .click();
    }
    await answer(/^1\. Feeling nervous/, 'Not at all (0)');
    await answer(/^2\. Not being able to stop/, 'Not at all (0)');
    await form
      .getByRole('radiogroup', { name: /unusually or especially frightening/ })
      .getByRole('radio', { name: 'No', exact: true })
      .click();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await attachScreenshot(page, testInfo, 'screening-form-phone');

    await form.getByRole('button', { name: 'Save screening' }).click();
    const result = page.getByRole('region', { name: /Screening of/ });
    await expect(result).toContainText('Depression: PHQ-2 4 — positive');
    await expect(result).toContainText('Anxiety: GAD-2 0 — negative');
    await expect(result.getByRole('heading', { name: 'Follow-up plan' })).toBeVisible();

    await result
      .getByRole('radiogroup', { name: /Warm handoff today/ })
      .getByRole('radio', { name: 'Yes' })
      .click();
    // The select's form field (its floating label sits over the control until a value is chosen).
    await result.locator('mat-form-field').filter({ hasText: 'Who took the handoff' }).click();
    await page
      .getByRole('option', { name: /\(CM\)/ })
      .first()
      .click();
    await result.getByRole('button', { name: 'Refer', exact: true }).click();
    await expect(result).toContainText(/warm handoff to .*\(CM\)/);
    // The referral documents the follow-up plan (CMS2: a referral counts).
    await expect(result.getByRole('heading', { name: 'Follow-up plan' })).toHaveCount(0);
    await expect(result).toContainText('Follow-up plan documented');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await attachScreenshot(page, testInfo, 'screening-referred-phone');
  });

  test('leadership sees screening per month, CMS2 and warm handoffs, aggregates only, on a desk and a phone', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(DESK);
    await signIn(page, USERS.leadership, /\/outcomes/);
    await page.goto('/screening-outcomes');
    await expect(page.getByRole('heading', { name: 'Screening and warm handoffs' })).toBeVisible();
    await expect(page.getByText('CMS2: depression screening and follow-up')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Utilization by condition' })).toContainText('Diabetes');
    await expect(page.locator('main')).not.toContainText(/[A-Z]{3}\d{6}/);
    await expectAccessible(page);
    await attachScreenshot(page, testInfo, 'screening-leadership-desk');
    await page.setViewportSize(PHONE);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  test('organisation leadership sees every clinic side by side and no patient page', async ({ page }, testInfo) => {
    await page.setViewportSize(DESK);
    await signIn(page, ORG_LEADER, /\/organisation/);
    const clinics = page.getByRole('list', { name: 'Clinics' });
    await expect(clinics.getByRole('heading', { level: 2 })).toHaveText([
      'Harbor View Primary Care',
      'Northgate Community Health',
      'Riverside Family Medicine',
    ]);
    await expect(clinics.getByText('CMS2 screening and follow-up').first()).toBeVisible();
    await expect(page.locator('main')).not.toContainText(/[A-Z]{3}\d{6}/);
    await expectAccessible(page);
    await attachScreenshot(page, testInfo, 'organisation-desk');
    await page.setViewportSize(PHONE);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await page.goto('/patients');
    await expect(page).toHaveURL(/\/organisation$/);
  });
});
