import { expect as baseExpect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiCall, apiUser, registerActivePatient } from './support/api';
import { expectAccessible, expectNoHorizontalScroll, signIn, USERS } from './support/session';
import type { SinkMessage } from './support/smtp-sink.global-setup';

// The e2e machine is shared: allow slow saves and sign-ins.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });

/**
 * Issue #16, patient self-report, on a phone (390×844): links by email read from a real SMTP server
 * (global setup), the Spanish PHQ-9, the item-9 crisis path with its urgent email, the kiosk code flow.
 * Every journey registers its own patient through the API (seeded patients stay untouched); nothing
 * depends on the time of day (dates come from the API, not the browser clock).
 */
const PHONE = { width: 390, height: 844 };
const SINK = `http://127.0.0.1:${(process.env['SMTP_SINK_PORTS'] ?? '').split(',')[1]}`;
const KIOSK = 'kiosk@riverside.huddle.test';

/** An active patient on cm1's caseload, registered through the API. */
async function newPatient(
  request: APIRequestContext,
  given: string,
): Promise<{ id: string; name: string; cm: string }> {
  const cm = await apiUser(request, USERS.careManager);
  const suffix = Math.random().toString(36).slice(2, 8);
  const referred = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const family = `Selfreport${suffix}`;
  const patient = await registerActivePatient(
    request,
    cm.auth,
    {
      mrn: `H16-${suffix}`,
      givenName: given,
      familyName: family,
      birthDate: '1979-02-03',
      careManagerId: cm.id,
      referredOn: referred,
    },
    referred,
  );
  return { id: patient.id, name: `${given} ${family}`, cm: cm.auth };
}

/** Waits for a message the SMTP server received that matches. */
async function mail(
  request: APIRequestContext,
  match: (m: SinkMessage) => boolean,
  timeoutMs = 30_000,
): Promise<SinkMessage> {
  let found: SinkMessage | undefined;
  await baseExpect
    .poll(
      async () => {
        const all = (await (await request.get(`${SINK}/messages`)).json()) as SinkMessage[];
        found = all.find(match);
        return Boolean(found);
      },
      { timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return found as SinkMessage;
}

const linkIn = (m: SinkMessage): string => {
  const url = /https?:\/\/\S+\/r#[A-Za-z0-9_-]{43}/.exec(m.text)?.[0];
  expect(url, 'a self-report link in the email').toBeTruthy();
  return url as string;
};

/** A fresh phone-sized browser context (the patient's own phone, or the kiosk tablet). */
async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE });
  return context.newPage();
}

/** Answers question `n` (0-based across the page) with the option named `option`. */
async function answer(page: Page, n: number, option: string): Promise<void> {
  // The questions' radio groups (the language switch is a radio group too, outside the instruments).
  await page
    .locator('section.instrument')
    .getByRole('radiogroup')
    .nth(n)
    .getByRole('radio', { name: option, exact: true })
    .check();
}

test.describe('issue #16: patient self-report', () => {
  test.use({ viewport: PHONE });

  test('care manager emails a link; the patient answers a PHQ-9 in Spanish; the score reaches the caseload', async ({
    page,
    browser,
    request,
  }) => {
    const p = await newPatient(request, 'Rosa');
    const email = `rosa.${Date.now()}@patient.example`;

    await signIn(page, USERS.careManager, /\/caseload/);
    await page.goto(`/patients/${p.id}`);
    const panel = page.getByRole('region', { name: 'Self-report' });
    await panel.getByLabel('Patient email').fill(email);
    await panel.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'Spanish' }).click();
    await panel.getByRole('button', { name: 'Send link by email' }).click();
    await expect(panel.getByText(/Link sent/)).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);

    const message = await mail(request, (m) => m.to.includes(email));
    expect(message.subject).toContain('Cuestionario');
    expect(message.text).toContain('Hola Rosa');
    expect(message.text).not.toContain('Selfreport'); // no family name
    const link = linkIn(message);

    const patient = await phone(browser);
    await patient.goto(link);
    await expect(patient.getByRole('heading', { level: 1 })).toHaveText('Hola Rosa');
    await expect(patient.getByText('Poco interés o placer en hacer cosas')).toBeVisible();
    await expect(patient.getByText(/Pfizer Inc\. No se requiere permiso/)).toBeVisible();
    await expectAccessible(patient);
    await expectNoHorizontalScroll(patient);

    // Answers survive a reload (kept under a hash of the token).
    await answer(patient, 0, 'Más de la mitad de los días');
    await answer(patient, 1, 'Más de la mitad de los días');
    await patient.reload();
    await expect(
      patient
        .locator('section.instrument')
        .getByRole('radiogroup')
        .nth(1)
        .getByRole('radio', { name: 'Más de la mitad de los días' }),
    ).toBeChecked();
    const stored = await patient.evaluate(() => Object.keys(sessionStorage).join(' '));
    expect(stored).toMatch(/^hd-self-report:[0-9a-f]{64}$/);
    expect(stored).not.toContain(link.split('#')[1] ?? '-');

    for (let i = 2; i < 8; i++) await answer(patient, i, 'Más de la mitad de los días');
    await answer(patient, 8, 'Ningún día');
    await patient.getByRole('button', { name: 'Enviar mis respuestas' }).click();
    await expect(patient.getByRole('heading', { name: '¡Gracias! Recibimos sus respuestas.' })).toBeVisible();
    await expectAccessible(patient);

    // The link works once (a fresh load: going to the same URL with only its #token is a same-page jump).
    await patient.goto('about:blank');
    await patient.goto(link);
    await expect(patient.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
    await expectAccessible(patient);

    // On the caseload (cards on a phone): PHQ-9 16 with its flags.
    const flags = (await (
      await request.get(`/api/patients/${p.id}/flags`, { headers: { Authorization: p.cm } })
    ).json()) as { computed: Array<{ code: string }> };
    await page.goto(`/caseload?q=${encodeURIComponent(p.name)}`);
    // Cards name the patient "Family, Given".
    const [given, family] = p.name.split(' ');
    const listed = `${family}, ${given}`;
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: listed }) });
    await expect(card).toContainText('16');
    if (flags.computed.length > 0) await expect(card.getByRole('list', { name: `Flags for ${listed}` })).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
  });

  test('item 9 above 0: crisis resources at once, SAFETY flag, urgent email to the care manager', async ({
    page,
    browser,
    request,
  }) => {
    const p = await newPatient(request, 'Ivan');
    const email = `ivan.${Date.now()}@patient.example`;
    await apiCall(request, p.cm, 'post', `/api/patients/${p.id}/self-report-links`, {
      instruments: ['PHQ9'],
      channel: 'email',
      email,
      language: 'en',
    });
    const patient = await phone(browser);
    await patient.goto(linkIn(await mail(request, (m) => m.to.includes(email))));
    await expect(patient.getByRole('heading', { level: 1 })).toHaveText('Hello Ivan');
    for (let i = 0; i < 8; i++) await answer(patient, i, 'Several days');
    await answer(patient, 8, 'Several days');
    const crisis = patient.getByRole('alert').filter({ hasText: '988' });
    await expect(crisis).toBeVisible();
    await expect(crisis.getByRole('link', { name: 'Call 988' })).toHaveAttribute('href', 'tel:988');
    await expect(crisis.getByRole('link', { name: 'Text 988' })).toHaveAttribute('href', 'sms:988');
    await expect(crisis.getByRole('link', { name: '911' })).toHaveAttribute('href', 'tel:911');
    await expectAccessible(patient);
    await patient.getByRole('button', { name: 'Send my answers' }).click();
    await expect(patient.getByRole('heading', { name: 'Thank you! We have your answers.' })).toBeVisible();
    await expect(patient.getByText('Your care team has been told and will contact you.')).toBeVisible();
    await expectAccessible(patient);
    await expectNoHorizontalScroll(patient);

    const alert = await mail(request, (m) => m.subject.includes('URGENT') && m.text.includes(p.id), 60_000);
    expect(alert.to).toContain(USERS.careManager);
    expect(alert.text).not.toContain('Ivan');

    await signIn(page, USERS.careManager, /\/caseload/);
    await page.goto(`/patients/${p.id}`);
    await expect(page.getByRole('list', { name: 'Flags' })).toContainText(/safety/i);
    await expectAccessible(page);
  });

  test('kiosk: staff make a code; the kiosk shows the form, thanks the patient and returns to code entry', async ({
    page,
    browser,
    request,
  }) => {
    const p = await newPatient(request, 'Kim');
    await signIn(page, USERS.careManager, /\/caseload/);
    await page.goto(`/patients/${p.id}`);
    const panel = page.getByRole('region', { name: 'Self-report' });
    await panel.getByRole('button', { name: 'Kiosk code' }).click();
    const code = (await panel.locator('strong.code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);

    const kiosk = await phone(browser);
    await signIn(kiosk, KIOSK, /\/kiosk/);
    await expectAccessible(kiosk);
    await kiosk.getByLabel(/Code/).fill('ZZZZZZZZ');
    await kiosk.getByRole('button', { name: /Start/ }).click();
    await expect(kiosk.getByRole('alert')).toContainText('This code is not valid');
    await kiosk.getByLabel(/Code/).fill(code.toLowerCase());
    await kiosk.getByRole('button', { name: /Start/ }).click();
    await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('Hello Kim');
    await expectAccessible(kiosk);
    for (let i = 0; i < 9; i++) await answer(kiosk, i, 'Not at all');
    await kiosk.getByRole('button', { name: 'Send my answers' }).click();
    await expect(kiosk.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
    await kiosk.getByRole('button', { name: 'Finish' }).click();
    await expect(kiosk.getByRole('heading', { name: /Welcome/ })).toBeVisible();
    // The code was single use.
    await kiosk.getByLabel(/Code/).fill(code);
    await kiosk.getByRole('button', { name: /Start/ }).click();
    await expect(kiosk.getByRole('alert')).toContainText('This code is not valid');
    await expectNoHorizontalScroll(kiosk);

    const scores = (await (
      await request.get(`/api/patients/${p.id}/assessments`, { headers: { Authorization: p.cm } })
    ).json()) as Array<{ source: string; total: number }>;
    expect(scores).toEqual([expect.objectContaining({ source: 'patient', total: 0 })]);
  });

  test('the worklist lists a patient whose first measure is due, on a phone', async ({ page, request }) => {
    const p = await newPatient(request, 'Wren');
    await signIn(page, USERS.careManager, /\/caseload/);
    await page.getByRole('link', { name: 'Self-report' }).click();
    await expect(page).toHaveURL(/\/self-report/);
    // Referred and enrolled 10 days ago with no score: due at enrolment, overdue now.
    const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: p.name }) });
    await expect(row).toContainText('Overdue');
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
  });
});
