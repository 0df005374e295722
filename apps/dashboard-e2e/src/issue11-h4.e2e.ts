import { expect as baseExpect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, expectNoHorizontalScroll, signIn, USERS } from './support/session';

/** Issue #11 items 4 and 5: the weekly agenda with a due-this-week cut-off and printing; readable charts. */

// The machine running the suite is shared and slow at times: allow pages a little longer.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 120_000 });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxes(locator: Locator): Promise<Box[]> {
  const found: Box[] = [];
  for (const item of await locator.all()) {
    const box = await item.boundingBox();
    if (box) found.push(box);
  }
  return found;
}

function expectNoOverlap(found: readonly Box[], what: string): void {
  for (let i = 0; i < found.length; i++)
    for (let j = i + 1; j < found.length; j++)
      expect(overlap(found[i] as Box, found[j] as Box), `${what} ${i} and ${j} overlap`).toBe(false);
}

async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A new referred patient of Riverside, with the clinic's consultant on the care team (data of this test only). */
async function newAgendaPatient(request: APIRequestContext): Promise<{ id: string; name: string }> {
  const headers = { Authorization: `Bearer ${await apiToken(request, USERS.careManager)}` };
  const suffix = `${Date.now()}`.slice(-7);
  const familyName = `Agendacheck${suffix}`;
  const created = await request.post('/api/patients', {
    headers,
    data: { mrn: `H4-${suffix}`, givenName: 'Hana', familyName, birthDate: '1984-03-09' },
  });
  expect(created.status()).toBe(201);
  const patient = (await created.json()) as { id: string; episodes: Array<{ id: string }> };
  const episodeId = patient.episodes[0]?.id ?? '';
  const options = (await (await request.get('/api/staff/care-team-options', { headers })).json()) as {
    consultants: Array<{ id: string }>;
  };
  const episode = (await (await request.get(`/api/episodes/${episodeId}`, { headers })).json()) as { version: number };
  const team = await request.patch(`/api/episodes/${episodeId}/care-team`, {
    headers,
    data: { version: episode.version, consultantId: options.consultants[0]?.id },
  });
  expect(team.ok()).toBe(true);
  return { id: patient.id, name: `${familyName}, Hana` };
}

async function progressTotal(page: Page): Promise<number> {
  const text = (await page.getByText(/^\d+ of \d+ reviewed$/).textContent()) ?? '';
  return Number(text.match(/of (\d+)/)?.[1] ?? NaN);
}

test.describe('issue #11 — weekly agenda with a cut-off and printing', () => {
  test('due patients first, the rest collapsed; the print view has one line per due patient and no navigation', async ({
    page,
  }) => {
    await signIn(page, USERS.consultant, /\/review/);
    const agenda = page.getByRole('navigation', { name: 'Review agenda in priority order' });
    const due = agenda
      .getByRole('list', { name: 'Due this week' })
      .getByRole('listitem')
      .filter({
        has: page.getByRole('link'),
      });
    await expect(due.first()).toBeVisible();
    const dueCount = await due.count();
    expect(await progressTotal(page)).toBe(dueCount);
    await expect(page.getByText(/routine reviews older than \d+ days/)).toBeVisible();

    // The rest are collapsed under "Not due this week (n)"; opening it shows them after the due ones.
    const notDue = agenda.locator('details.not-due');
    const summary = notDue.locator('summary');
    await expect(summary).toHaveText(/^Not due this week \(\d+\)$/);
    const n = Number(((await summary.textContent()) ?? '').match(/\((\d+)\)/)?.[1]);
    const notDueItems = agenda.getByRole('list', { name: 'Not due this week' }).getByRole('listitem');
    await expect(notDueItems.first()).toBeHidden();
    await expectAccessible(page);
    await summary.click();
    // The page asks for 50 lines at a time (issue #13): further not-due lines come with "Show more".
    const more = notDue.getByRole('button', { name: 'Show more' });
    if (await more.isVisible()) {
      await expect(notDue).toContainText(`of ${n} shown`);
      await more.click();
    }
    await expect(notDueItems).toHaveCount(n);
    await expect(more).toBeHidden();
    await expect(notDueItems.first()).toContainText(`${dueCount + 1}.`);
    await expect(notDueItems.first()).toContainText('Not due this week; last reviewed');
    await expectAccessible(page);

    await expect(page.getByRole('button', { name: 'Print agenda' })).toBeEnabled();
    await page.emulateMedia({ media: 'print' });
    const printed = page.locator('hd-review-print');
    await expect(printed).toBeVisible();
    await expect(printed.getByRole('heading', { level: 1 })).toContainText('Weekly review agenda');
    await expect(printed.locator('tbody tr')).toHaveCount(dueCount);
    // One line per patient: name, MRN, why due, PHQ-9, weeks, flags.
    const firstLine = printed.locator('tbody tr').first();
    await expect(firstLine.locator('th, td')).toHaveCount(7);
    const firstRowBox = await firstLine.boundingBox();
    expect(firstRowBox?.height ?? 999).toBeLessThan(60);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(agenda).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print agenda' })).toBeHidden();
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });
    await expect(printed).toBeHidden();
  });

  test('after marking a patient reviewed, its reason line says so instead of how long ago', async ({
    page,
    request,
  }) => {
    const patient = await newAgendaPatient(request);
    await signIn(page, USERS.consultant, /\/review/);
    await page.goto(`/review?patient=${patient.id}`);
    const agenda = page.getByRole('navigation', { name: 'Review agenda in priority order' });
    const line = agenda.getByRole('listitem').filter({ hasText: patient.name });
    await expect(line).toContainText('New, never reviewed by the consultant (not yet enrolled)');
    await expect(page.getByRole('heading', { level: 2, name: patient.name })).toBeVisible();

    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect(page.getByText(`${patient.name} marked reviewed`)).toBeVisible();
    await expect(line).toContainText('Reviewed today (new patient)');
    await expect(line).not.toContainText('never reviewed by the consultant');
    await expect(line).not.toContainText('days ago');
    await expectAccessible(page);
  });
});

test.describe('issue #11 — readable charts', () => {
  test('points with tooltips, non-overlapping marker and target labels, medications on the chart, item 9 highlighted', async ({
    page,
  }) => {
    await signIn(page, USERS.careManager, /\/caseload/);
    // Medication events (h2's endpoint) are drawn when the list can be read: serve two on the chart's dates.
    let medicationEvents: unknown[] | null = null;
    await page.route('**/api/patients/*/medication-events', (route) =>
      medicationEvents === null ? route.fallback() : route.fulfill({ json: medicationEvents }),
    );
    // The patient page loads everything in one request (issue #13): the events are replaced there too.
    await page.route('**/api/patients/*/page*', async (route) => {
      if (medicationEvents === null) return route.fallback();
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      return route.fulfill({ response, json: { ...body, medicationEvents } });
    });

    // Reviewed patients have review and treatment markers: find one whose PHQ-9 chart shows two or more.
    await page.goto('/caseload?sort=lastReviewAt&order=desc');
    const links = page.getByRole('table').getByRole('link');
    await expect(links.first()).toBeVisible();
    const hrefs = (await links.evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''))).slice(0, 8);
    const phq = page.getByRole('figure', { name: 'PHQ-9 trajectory' });
    let found = false;
    for (const href of hrefs) {
      await page.goto(href);
      await expect(phq.locator('figcaption')).toHaveText(/PHQ-9 score/);
      if (!/scores from/.test((await phq.locator('figcaption').textContent()) ?? '')) continue;
      await expect(phq.locator('.hd-point').first()).toBeVisible();
      if ((await phq.locator('.hd-marker-label').count()) >= 2) {
        found = true;
        break;
      }
    }
    expect(found, 'a patient with two or more chart markers').toBe(true);
    // No medication list on this server yet: no markers for it and no error shown.
    await expect(page.getByText(/could not be loaded/)).toHaveCount(0);

    // A point for every score, with a tooltip (date, score, severity) on hover.
    const rows = phq.getByRole('region', { name: 'PHQ-9 trajectory data' }).locator('tbody tr');
    await expect(phq.locator('.hd-point')).toHaveCount(await rows.count());
    const firstDate = ((await rows.first().locator('th').textContent()) ?? '').trim();
    const firstScore = ((await rows.first().locator('td').first().textContent()) ?? '').trim();
    const firstSeverity = ((await rows.first().locator('td').last().textContent()) ?? '').trim();
    await phq.locator('.hd-point').first().hover();
    const tooltip = phq.locator('.hd-point-tooltip');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText(firstDate);
    await expect(tooltip).toContainText(`PHQ-9 ${firstScore} · ${firstSeverity}`);
    await page.mouse.move(0, 0);
    await expect(tooltip).toHaveCount(0);

    // Marker labels and the target/remission labels never overlap.
    expectNoOverlap(await boxes(phq.locator('.hd-marker-label')), 'marker labels');
    expectNoOverlap(await boxes(phq.locator('.hd-ref-label')), 'reference labels');
    await expect(phq.getByRole('listitem').filter({ hasText: /R\s+Consultant review \(\d+\)/ })).toBeVisible();

    // Medications: start and change on the first and last score dates, stacked with the other markers.
    const isoDates = await phq.locator('.hd-point').evaluateAll((els) => els.map((el) => el.getAttribute('data-date')));
    const patientId = page.url().split('/').pop() ?? '';
    medicationEvents = [
      { action: 'start', medication: 'sertraline', dose: '50 mg daily', date: isoDates[0] },
      { action: 'change', medication: 'sertraline', dose: '100 mg daily', date: isoDates[isoDates.length - 1] },
    ].map((e, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      medicationId: '00000000-0000-4000-8000-000000000009',
      patientId,
      episodeId: null,
      note: null,
      recordedBy: { id: '00000000-0000-4000-8000-000000000008', displayName: 'Dr. Test' },
      recordedAt: '2026-01-01T00:00:00Z',
      ...e,
    }));
    await page.reload();
    await expect(phq.locator('.hd-marker-medication.hd-marker-label')).toHaveCount(2);
    await expect(phq.locator('.hd-marker-label').filter({ hasText: 'Start sertraline 50 mg daily' })).toBeVisible();
    await expect(phq.getByRole('list', { name: 'Events on the chart' })).toContainText('sertraline → 100 mg daily');
    expectNoOverlap(await boxes(phq.locator('.hd-marker-label')), 'marker labels with medications');

    // Item 9 highlighted in the heatmap and announced in its table.
    const items = page.getByRole('figure', { name: 'PHQ-9 items over time' });
    await expect(items.locator('.heat-row.safety')).toContainText('Item 9 · safety');
    await expect(items.locator('.heat-row.safety')).toHaveCSS('border-top-style', 'solid');
    await expect(items.getByRole('rowheader').filter({ hasText: /^\s*9\./ })).toContainText('safety item');
    await expect(items.locator('figcaption')).toContainText('the safety item, is outlined');
    await expectAccessible(page);

    // Phone width: no horizontal scroll, labels still apart.
    // ngx-charts re-lays its chart out a moment after a resize (debounced): wait for the narrow chart.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(async () => (await phq.locator('svg.ngx-charts').first().boundingBox())?.width ?? Infinity)
      .toBeLessThanOrEqual(390);
    await expect(phq.locator('.hd-point').first()).toBeVisible();
    expectNoOverlap(await boxes(phq.locator('.hd-marker-label')), 'marker labels at 390 px');
    for (const label of await boxes(phq.locator('.hd-marker-label')))
      expect(label.x + label.width).toBeLessThanOrEqual(390);
    await expectNoHorizontalScroll(page, 'the patient page');
  });
});
