import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiCall, apiUser, registerActivePatient } from './support/api';
import { expectAccessible, signIn, USERS } from './support/session';

/** The machine running the suite is shared and slow: give the app time to bootstrap and answer. */
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

/**
 * Issue #11 (h2): the shared timeline, the PCP's answer to a recommendation, the medication list and
 * the relapse-prevention plan. Every journey works on a patient it registers itself (care team cm1,
 * the consultant and pcp1), so the seeded patients other tests rely on are untouched.
 */

interface Staff {
  id: string;
  email: string;
  role: string;
}

/** Today in the clinic's calendar (the demo clinic's time zone, read from the API). */
async function clinicToday(request: APIRequestContext, auth: string): Promise<string> {
  const clinic = await apiCall<{ timezone: string }>(request, auth, 'get', '/api/clinics/current');
  return new Intl.DateTimeFormat('en-CA', { timeZone: clinic.timezone }).format(new Date());
}

/**
 * Registers a patient of cm1 / the consultant / pcp1 with an active episode and a consultant review
 * (summary and one recommendation) made this week; returns the ids and the texts to look for.
 */
async function patientWithReview(request: APIRequestContext, tag: string) {
  const cm = (await apiUser(request, USERS.careManager)).auth;
  const consultant = (await apiUser(request, USERS.consultant)).auth;
  const staff = await apiCall<Staff[]>(request, cm, 'get', '/api/staff');
  const idOf = (email: string) => {
    const found = staff.find((s) => s.email === email);
    if (!found) throw new Error(`no staff ${email}`);
    return found.id;
  };
  const today = await clinicToday(request, cm);
  const unique = `${tag}${Date.now().toString(36)}`;
  const { id: patientId, episodeId } = await registerActivePatient(
    request,
    cm,
    {
      mrn: `H2-${unique}`,
      givenName: 'Tess',
      familyName: `Timeline${unique}`,
      birthDate: '1975-05-06',
      pcpId: idOf(USERS.pcp),
    },
    today,
    { careManagerId: idOf(USERS.careManager), consultantId: idOf(USERS.consultant), billingPcpId: idOf(USERS.pcp) },
  );
  const monday = new Date(`${today}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const summary = `Partial response for ${unique}; increase sertraline and continue behavioural activation.`;
  const detail = `Increase sertraline to 100 mg (${unique})`;
  await apiCall(request, consultant, 'post', `/api/review/episodes/${episodeId}/reviews`, {
    weekOf: monday.toISOString().slice(0, 10),
    summary,
    recommendations: [{ type: 'dose_change', detail, medication: 'sertraline', dose: '100 mg' }],
  });
  return { patientId, episodeId, familyName: `Timeline${unique}`, summary, detail };
}

async function openPatient(page: Page, patientId: string, familyName: string): Promise<void> {
  await page.goto(`/patients/${patientId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(familyName);
}

test.describe('issue #11 h2: shared record', () => {
  test("the consultant's review summary is on the timeline for the care manager and the PCP", async ({
    page,
    request,
  }) => {
    const p = await patientWithReview(request, 'tl');
    await signIn(page, USERS.careManager, /\/caseload/);
    await openPatient(page, p.patientId, p.familyName);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const review = timeline.getByRole('listitem').filter({ hasText: 'Consultant review' }).first();
    await expect(review).toContainText(p.summary);
    await expect(review).toContainText(p.detail);
    await expect(timeline.getByRole('listitem').filter({ hasText: 'Active treatment' })).toBeVisible();
    // Filter chips: only reviews.
    const chips = timeline.getByRole('listbox', { name: 'Show on the timeline' });
    for (const name of [
      'Scores',
      'Contacts',
      'Recommendations',
      'Medications',
      'Flags and safety',
      'Status and plans',
      'Corrections',
    ]) {
      await chips.getByRole('option', { name }).click();
    }
    await expect(timeline.getByRole('listitem').filter({ hasText: 'Active treatment' })).toHaveCount(0);
    await expect(review).toContainText(p.summary);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await signIn(page, USERS.pcp, /\/patients/);
    await openPatient(page, p.patientId, p.familyName);
    await expect(
      page
        .getByRole('region', { name: 'Timeline' })
        .getByRole('listitem')
        .filter({ hasText: 'Consultant review' })
        .first(),
    ).toContainText(p.summary);
    await expectAccessible(page);
  });

  test('the PCP accepts a new recommendation from the inbox on My patients', async ({ page, request }) => {
    const p = await patientWithReview(request, 'ib');
    await signIn(page, USERS.pcp, /\/patients/);
    const inbox = page.getByRole('region', { name: /New recommendations for you/ });
    const item = inbox.getByRole('listitem').filter({ hasText: p.detail });
    await expect(item).toContainText(p.familyName);
    await expect(item).toContainText(p.summary);
    await expectAccessible(page);
    await item.getByRole('button', { name: `Accept: ${p.detail}` }).click();
    await expect(inbox.getByRole('listitem').filter({ hasText: p.detail })).toHaveCount(0);

    await openPatient(page, p.patientId, p.familyName);
    const recs = page.getByRole('region', { name: 'Consultant recommendations' });
    await expect(recs.getByRole('row').filter({ hasText: p.detail })).toContainText('Accepted by PCP');
    await expect(
      page
        .getByRole('region', { name: 'Timeline' })
        .getByRole('listitem')
        .filter({ hasText: `Recommendation accepted: ${p.detail}` }),
    ).toBeVisible();
    await expectAccessible(page);
  });

  test('the care manager starts then changes a medication, shown in the list and on the timeline', async ({
    page,
    request,
  }) => {
    const p = await patientWithReview(request, 'md');
    await signIn(page, USERS.careManager, /\/caseload/);
    await openPatient(page, p.patientId, p.familyName);
    const meds = page.getByRole('region', { name: 'Psychotropic medications' });
    await meds.getByRole('button', { name: 'Start a medication' }).click();
    const start = page.getByRole('dialog', { name: /Start a medication/ });
    await start.getByLabel('Medication').fill('sertraline');
    await start.getByLabel('Dose').fill('50 mg daily');
    await expect(start.getByLabel('Started on')).not.toHaveValue('');
    await expectAccessible(page, 'mat-dialog-container');
    await start.getByRole('button', { name: 'Start a medication' }).click();
    await expect(start).toBeHidden();
    await expect(meds.getByRole('listitem').filter({ hasText: 'sertraline' }).first()).toContainText('50 mg daily');

    await meds.getByRole('button', { name: 'Change dose of sertraline' }).click();
    const change = page.getByRole('dialog', { name: /Change the dose/ });
    await change.getByRole('textbox', { name: 'New dose' }).fill('100 mg daily');
    await change.getByLabel('Note (optional)').fill('Consultant recommendation accepted');
    await change.getByRole('button', { name: 'Change the dose' }).click();
    await expect(change).toBeHidden();
    const sertraline = meds.getByRole('listitem').filter({ hasText: 'sertraline' }).first();
    await expect(sertraline.getByRole('heading')).toContainText('100 mg daily');
    await expect(sertraline.getByRole('list', { name: 'History of sertraline' })).toContainText(
      'changed to 100 mg daily',
    );
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(
      timeline.getByRole('listitem').filter({ hasText: 'Changed sertraline to 100 mg daily' }),
    ).toBeVisible();
    await expect(timeline.getByRole('listitem').filter({ hasText: 'Started sertraline 50 mg daily' })).toBeVisible();

    await expectAccessible(page, 'section[aria-labelledby="meds-title"]');
    await expectAccessible(page, 'section[aria-labelledby="timeline-title"]');
  });

  test('the care manager writes and saves a relapse-prevention plan, shown on the timeline', async ({
    page,
    request,
  }) => {
    const p = await patientWithReview(request, 'rp');
    await signIn(page, USERS.careManager, /\/caseload/);
    await openPatient(page, p.patientId, p.familyName);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const plan = page.getByRole('region', { name: 'Relapse-prevention plan' });
    await expect(plan).toContainText('No relapse-prevention plan yet.');
    await plan.getByRole('button', { name: 'Write the plan' }).click();
    const fields: Array<[string, string]> = [
      ['Personal warning signs', 'Sleeping badly, withdrawing from friends'],
      ['Coping strategies', 'Daily walk; call my sister'],
      ['Supports and contacts', 'Sister; care manager line'],
      ['Maintenance treatment', 'Sertraline 100 mg daily'],
      ['How long to continue', '12 months after remission'],
      ['Follow-up and monitoring', 'PHQ-9 monthly at the care-manager call'],
      ['If symptoms return', 'Call the care manager the same week'],
    ];
    for (const [label, text] of fields) await plan.getByLabel(label).fill(text);
    await expectAccessible(page, 'section[aria-labelledby="plan-title"]');
    await plan.getByRole('button', { name: 'Save plan' }).click();
    await expect(plan).toContainText('Sleeping badly, withdrawing from friends');
    await expect(plan).toContainText('(version 1)');
    await expect(
      timeline.getByRole('listitem').filter({ hasText: 'Relapse-prevention plan saved (version 1)' }),
    ).toBeVisible();
    await expectAccessible(page, 'section[aria-labelledby="plan-title"]');
  });
});
