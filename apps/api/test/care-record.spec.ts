import type {
  MedicationEventView,
  MedicationView,
  PatientTimeline,
  RelapsePreventionPlanResponse,
} from '@huddle/shared-types';
import { EpisodeBuilder, must } from './builders';
import type { ClinicFixture } from './fixtures';
import { auditRows, count, openRegistry, TODAY, type api } from './registry-helpers';
import type { TestApp } from './test-app';

const PLAN = {
  warningSigns: 'Sleeping badly, skipping meals',
  copingStrategies: 'Daily walk, call a friend',
  supports: 'Sister (555-0101); care manager',
  maintenanceTreatment: 'Sertraline 100 mg daily',
  maintenanceDuration: '12 months after remission',
  monitoringPlan: 'PHQ-9 monthly at the care-manager call',
  ifSymptomsReturn: 'Call the care manager the same week',
};

describe('care record: medications, relapse-prevention plan, shared timeline (issue #11)', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;
  let patient: EpisodeBuilder;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
    patient = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-01-05' });
  });
  afterAll(() => t.close());

  describe('psychotropic medications', () => {
    let medication: MedicationView;

    it('starts, changes and stops a medication with its history, audited', async () => {
      medication = (
        await http
          .post(`/api/patients/${patient.patientId}/medications`, a.careManager.auth, {
            name: ' sertraline ',
            dose: '50 mg daily',
            startedOn: '2026-02-02',
            note: 'Consultant recommendation',
          })
          .expect(201)
      ).body as MedicationView;
      expect(medication).toMatchObject({
        patientId: patient.patientId,
        name: 'sertraline',
        dose: '50 mg daily',
        startedOn: '2026-02-02',
        stoppedOn: null,
        active: true,
        version: 1,
        events: [{ action: 'start', dose: '50 mg daily', date: '2026-02-02', recordedBy: { id: a.careManager.id } }],
      });
      const changed = (
        await http
          .post(`/api/medications/${medication.id}/changes`, a.consultant.auth, {
            dose: '100 mg daily',
            effectiveOn: '2026-03-02',
            version: 1,
          })
          .expect(200)
      ).body as MedicationView;
      expect(changed).toMatchObject({ dose: '100 mg daily', version: 2 });
      expect(changed.events.map((e) => [e.action, e.dose, e.date])).toEqual([
        ['start', '50 mg daily', '2026-02-02'],
        ['change', '100 mg daily', '2026-03-02'],
      ]);
      const other = (
        await http
          .post(`/api/patients/${patient.patientId}/medications`, a.pcp.auth, {
            name: 'bupropion XL',
            dose: '150 mg daily',
            startedOn: '2026-01-10',
          })
          .expect(201)
      ).body as MedicationView;
      const stopped = (
        await http
          .post(`/api/medications/${other.id}/stop`, a.pcp.auth, { stoppedOn: TODAY, note: 'Insomnia', version: 1 })
          .expect(200)
      ).body as MedicationView;
      expect(stopped).toMatchObject({ active: false, dose: null, stoppedOn: TODAY, version: 2 });
      await http
        .post(`/api/medications/${other.id}/changes`, a.pcp.auth, {
          dose: '300 mg',
          effectiveOn: TODAY,
          version: 2,
        })
        .expect(409);

      const list = (await http.get(`/api/patients/${patient.patientId}/medications`, a.pcp.auth).expect(200))
        .body as MedicationView[];
      expect(list.map((m) => [m.name, m.active])).toEqual([
        ['sertraline', true],
        ['bupropion XL', false],
      ]);
      const events = (
        await http.get(`/api/patients/${patient.patientId}/medication-events`, a.consultant.auth).expect(200)
      ).body as MedicationEventView[];
      expect(events.map((e) => [e.medication, e.action, e.date])).toEqual([
        ['bupropion XL', 'start', '2026-01-10'],
        ['sertraline', 'start', '2026-02-02'],
        ['sertraline', 'change', '2026-03-02'],
        ['bupropion XL', 'stop', TODAY],
      ]);

      const audited = await auditRows(t, a.clinicId);
      expect(audited.filter((r) => r.action.startsWith('medication.')).map((r) => [r.action, r.actor_id])).toEqual([
        ['medication.start', a.careManager.id],
        ['medication.change', a.consultant.id],
        ['medication.start', a.pcp.id],
        ['medication.stop', a.pcp.id],
        ['medication.list', a.pcp.id],
        ['medication.events.read', a.consultant.id],
      ]);
      expect(must(audited.find((r) => r.action === 'medication.change'))).toMatchObject({
        patient_id: patient.patientId,
        resource_type: 'medication',
        resource_id: medication.id,
      });
      // No medication name or note in the audit trail.
      expect(JSON.stringify(audited)).not.toMatch(/sertraline|Insomnia/);
    });

    it('refuses bad input naming the field and changes nothing', async () => {
      const before = await count(t, `SELECT 1 FROM medication_event WHERE patient_id = $1`, [patient.patientId]);
      const start = `/api/patients/${patient.patientId}/medications`;
      for (const [body, field] of [
        [{ dose: '10 mg', startedOn: '2026-03-01' }, 'name'],
        [{ name: '  ', dose: '10 mg', startedOn: '2026-03-01' }, 'name'],
        [{ name: 'x', startedOn: '2026-03-01' }, 'dose'],
        [{ name: 'x', dose: '10 mg', startedOn: '2026-02-30' }, 'startedOn'],
        [{ name: 'x', dose: '10 mg', startedOn: '2026-03-17' }, 'startedOn'],
        [{ name: 'x', dose: '10 mg', startedOn: '2026-03-01', extra: 1 }, 'extra'],
      ] as const) {
        const res = await http.post(start, a.careManager.auth, body).expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      const change = `/api/medications/${medication.id}/changes`;
      for (const [body, field] of [
        [{ dose: '150 mg', effectiveOn: '2026-03-01', version: 2 }, 'effectiveOn'], // before the last change
        [{ dose: '100 mg daily', effectiveOn: '2026-03-10', version: 2 }, 'dose'], // unchanged
        [{ dose: '150 mg', effectiveOn: '2026-03-10' }, 'version'],
      ] as const) {
        const res = await http.post(change, a.careManager.auth, body).expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      expect(
        (
          await http
            .post(change, a.careManager.auth, { dose: '150 mg', effectiveOn: '2026-03-10', version: 1 })
            .expect(409)
        ).body,
      ).toMatchObject({ code: 'VERSION_CONFLICT' });
      expect(await count(t, `SELECT 1 FROM medication_event WHERE patient_id = $1`, [patient.patientId])).toBe(before);
    });

    it("answers 404 for another clinic's or caseload's patient and 403 for a role without the permission", async () => {
      const mine = await EpisodeBuilder.create(t.db, a, {
        careManagerId: a.otherCareManager.id,
        consultantId: null,
        pcpId: null,
      });
      const body = { name: 'x', dose: '10 mg', startedOn: '2026-03-01' };
      await http.post(`/api/patients/${mine.patientId}/medications`, a.careManager.auth, body).expect(404);
      await http.get(`/api/patients/${patient.patientId}/medications`, b.careManager.auth).expect(404);
      await http.get(`/api/patients/${patient.patientId}/medication-events`, b.pcp.auth).expect(404);
      await http
        .post(`/api/medications/${medication.id}/changes`, b.careManager.auth, {
          dose: '150 mg',
          effectiveOn: '2026-03-10',
          version: 2,
        })
        .expect(404);
      await http
        .post(`/api/medications/${medication.id}/stop`, a.otherCareManager.auth, { stoppedOn: TODAY, version: 2 })
        .expect(404);
      await http.post(`/api/patients/${patient.patientId}/medications`, a.leadership.auth, body).expect(403);
      await http.get(`/api/patients/${patient.patientId}/medications`, a.admin.auth).expect(403);
      expect(await count(t, `SELECT 1 FROM medication WHERE patient_id = $1`, [mine.patientId])).toBe(0);
    });
  });

  describe('relapse-prevention plan', () => {
    const url = () => `/api/episodes/${patient.episodeId}/relapse-prevention-plan`;

    it('is empty until saved, then saved with versions and audited', async () => {
      const empty = (await http.get(url(), a.pcp.auth).expect(200)).body as RelapsePreventionPlanResponse;
      expect(empty).toEqual({ episodeId: patient.episodeId, patientId: patient.patientId, plan: null });
      const first = (await http.put(url(), a.careManager.auth, PLAN).expect(200)).body as RelapsePreventionPlanResponse;
      expect(first.plan).toMatchObject({ ...PLAN, version: 1, updatedBy: { id: a.careManager.id } });
      await http.put(url(), a.consultant.auth, PLAN).expect(409); // no version: someone saved one already
      const second = (
        await http
          .put(url(), a.consultant.auth, { ...PLAN, monitoringPlan: 'PHQ-9 every 2 weeks', version: 1 })
          .expect(200)
      ).body as RelapsePreventionPlanResponse;
      expect(second.plan).toMatchObject({ monitoringPlan: 'PHQ-9 every 2 weeks', version: 2 });
      expect((await http.put(url(), a.careManager.auth, { ...PLAN, version: 1 }).expect(409)).body).toMatchObject({
        code: 'VERSION_CONFLICT',
        field: 'version',
      });
      const read = (await http.get(url(), a.pcp.auth).expect(200)).body as RelapsePreventionPlanResponse;
      expect(read.plan).toMatchObject({
        monitoringPlan: 'PHQ-9 every 2 weeks',
        version: 2,
        updatedBy: { id: a.consultant.id },
      });
      const saves = await auditRows(t, a.clinicId, 'relapse_plan.save');
      expect(saves.map((r) => [r.actor_id, r.resource_id, r.patient_id, r.details])).toEqual([
        [a.careManager.id, patient.episodeId, patient.patientId, { version: 1 }],
        [a.consultant.id, patient.episodeId, patient.patientId, { version: 2 }],
      ]);
    });

    it('refuses bad input naming the field, other scopes (404) and roles (403), writing nothing', async () => {
      for (const [body, field] of [
        [{ ...PLAN, warningSigns: '' }, 'warningSigns'],
        [{ ...PLAN, ifSymptomsReturn: undefined }, 'ifSymptomsReturn'],
        [{ ...PLAN, supports: 3 }, 'supports'],
        [{ ...PLAN, version: 0 }, 'version'],
        [{ ...PLAN, maintenanceDuration: 'x'.repeat(4001), version: 2 }, 'maintenanceDuration'],
      ] as const) {
        expect(JSON.stringify((await http.put(url(), a.careManager.auth, body).expect(400)).body)).toContain(field);
      }
      await http.put(url(), b.careManager.auth, { ...PLAN, version: 2 }).expect(404);
      await http.get(url(), b.pcp.auth).expect(404);
      await http.put(url(), a.otherCareManager.auth, { ...PLAN, version: 2 }).expect(404);
      await http.put(url(), a.leadership.auth, { ...PLAN, version: 2 }).expect(403);
      await http.get(url(), a.admin.auth).expect(403);
      await http.put(`/api/episodes/not-a-uuid/relapse-prevention-plan`, a.careManager.auth, PLAN).expect(400);
      expect(
        await count(t, `SELECT 1 FROM relapse_prevention_plan_save WHERE episode_id = $1`, [patient.episodeId]),
      ).toBe(2);
    });
  });

  describe('shared timeline', () => {
    let reviewId: string;

    beforeAll(async () => {
      await patient.score('PHQ9', '2026-01-05', 18, { item9: 1 });
      await patient.score('PHQ9', '2026-02-16', 9);
      await patient.contact('2026-02-17T15:00:00Z', 25);
      await t.db.query(`UPDATE contact SET note = 'Discussed sleep and activity plan' WHERE patient_id = $1`, [
        patient.patientId,
      ]);
      const review = await http
        .post(`/api/review/episodes/${patient.episodeId}/reviews`, a.consultant.auth, {
          weekOf: '2026-03-09',
          summary: 'Partial response; increase the dose and continue behavioural activation.',
          recommendations: [
            { type: 'dose_change', detail: 'Increase sertraline', medication: 'sertraline', dose: '100 mg' },
          ],
        })
        .expect(201);
      reviewId = review.body.id;
      const recommendation = review.body.recommendations[0];
      await http
        .patch(`/api/recommendations/${recommendation.id}/status`, a.pcp.auth, { status: 'accepted', version: 1 })
        .expect(200);
      await http
        .post(`/api/patients/${patient.patientId}/flags`, a.careManager.auth, {
          code: 'DISCUSS_WITH_CONSULTANT',
          note: 'Worse after a job loss',
        })
        .expect(201);
    });

    it('merges every source newest first, with actor, title and full detail, for the whole care team', async () => {
      const timelines = [];
      for (const who of [a.careManager, a.consultant, a.pcp]) {
        timelines.push(
          (await http.get(`/api/patients/${patient.patientId}/timeline`, who.auth).expect(200)).body as PatientTimeline,
        );
      }
      const [timeline] = timelines;
      expect(timelines[1]).toEqual(timeline);
      expect(timelines[2]).toEqual(timeline);
      const entries = must(timeline).entries;
      const ats = entries.map((e) => e.at);
      expect([...ats].sort().reverse()).toEqual(ats);
      const byKind = (kind: string) => entries.filter((e) => e.kind === kind);
      expect(must(byKind('review')[0])).toMatchObject({
        refId: reviewId,
        actor: { id: a.consultant.id, displayName: a.consultant.displayName },
        title: 'Consultant review',
        detail: 'Partial response; increase the dose and continue behavioural activation.',
        data: { weekOf: '2026-03-09', recommendations: [expect.objectContaining({ detail: 'Increase sertraline' })] },
      });
      expect(byKind('recommendation').map((e) => [e.title, e.actor?.id, e.actor?.displayName])).toEqual([
        ['Recommendation accepted: Increase sertraline', a.pcp.id, a.pcp.displayName],
      ]);
      expect(byKind('contact').map((e) => [e.title, e.detail])).toEqual([
        ['Follow-up by phone, 25 min', 'Discussed sleep and activity plan'],
      ]);
      expect(byKind('score').map((e) => [e.date, e.title, e.detail])).toEqual([
        ['2026-02-16', 'PHQ-9 9 (mild)', 'Item 9 (self-harm thoughts): 0'],
        ['2026-01-05', 'PHQ-9 18 (moderately severe)', 'Item 9 (self-harm thoughts): 1 — safety risk'],
      ]);
      expect(byKind('medication').map((e) => e.title)).toEqual([
        'Stopped bupropion XL',
        'Changed sertraline to 100 mg daily',
        'Started sertraline 50 mg daily',
        'Started bupropion XL 150 mg daily',
      ]);
      expect(byKind('flag_raised').map((e) => [e.title, e.detail])).toEqual([
        ['Safety answer raised', 'PHQ-9 item 9 (safety) answered 1'],
        ['Review requested raised', 'Worse after a job loss'],
      ]);
      expect(byKind('relapse_plan').map((e) => e.title)).toEqual([
        'Relapse-prevention plan saved (version 2)',
        'Relapse-prevention plan saved (version 1)',
      ]);
      expect(byKind('status').map((e) => [e.title, e.date])).toEqual([
        ['Active treatment', '2026-01-05'],
        ['Enrolled', '2026-01-05'],
        ['Consent to collaborative care', '2026-01-05'],
        ['Referred', '2026-01-05'],
      ]);
      expect(timeline).toMatchObject({ nextBefore: null, nextBeforeId: null });
      expect((await auditRows(t, a.clinicId, 'patient.timeline.read')).map((r) => r.actor_id)).toEqual([
        a.careManager.id,
        a.consultant.id,
        a.pcp.id,
      ]);
    });

    it('filters by kind and pages with before', async () => {
      const url = `/api/patients/${patient.patientId}/timeline`;
      const filtered = (await http.get(`${url}?kinds=score,review`, a.pcp.auth).expect(200)).body as PatientTimeline;
      expect(filtered.entries.map((e) => e.kind)).toEqual(['review', 'score', 'score']);
      const all = (await http.get(url, a.pcp.auth).expect(200)).body as PatientTimeline;
      const pages: string[] = [];
      // Several entries share the frozen instant, so pages must split them by id.
      expect(new Set(all.entries.map((e) => e.at)).size).toBeLessThan(all.entries.length);
      let cursor: { at: string; id: string } | null = null;
      do {
        const query: string = cursor
          ? `?limit=4&before=${encodeURIComponent(cursor.at)}&beforeId=${encodeURIComponent(cursor.id)}`
          : '?limit=4';
        const page = (await http.get(`${url}${query}`, a.pcp.auth).expect(200)).body as PatientTimeline;
        expect(page.entries.length).toBeLessThanOrEqual(4);
        pages.push(...page.entries.map((e) => e.id));
        cursor = page.nextBefore && page.nextBeforeId ? { at: page.nextBefore, id: page.nextBeforeId } : null;
      } while (cursor);
      expect(pages).toEqual(all.entries.map((e) => e.id));
    });

    it('refuses bad queries naming the field, other scopes (404) and roles (403)', async () => {
      const url = `/api/patients/${patient.patientId}/timeline`;
      for (const [query, field] of [
        ['?kinds=score,gossip', 'kinds'],
        ['?kinds=', 'kinds'],
        ['?before=yesterday', 'before'],
        ['?limit=0', 'limit'],
        ['?limit=abc', 'limit'],
        ['?limit=500', 'limit'],
      ] as const) {
        expect(JSON.stringify((await http.get(`${url}${query}`, a.careManager.auth).expect(400)).body)).toContain(
          field,
        );
      }
      await http.get(url, b.careManager.auth).expect(404);
      await http.get(url, b.pcp.auth).expect(404);
      await http.get(url, a.otherCareManager.auth).expect(404);
      await http.get(url, a.leadership.auth).expect(403);
      await http.get(url, a.admin.auth).expect(403);
    });
  });
});
