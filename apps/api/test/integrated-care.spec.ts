import {
  computeOutcomesByCohort,
  chronicConditionsOf,
  COHORT_OUTCOME_RULES,
  type ChronicCondition,
} from '@huddle/scoring';
import type {
  CarePreferencesView,
  CareTaskView,
  CohortOutcome,
  ConsultantSummary,
  HuddleItemView,
  PatientSocialNeeds,
  ProblemView,
  SocialNeedView,
  VitalsView,
} from '@huddle/shared-types';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { EpisodeBuilder, must } from './builders';
import { sharedFixtures } from './support/shared-fixtures';
import { createClinic, type ClinicFixture } from './fixtures';
import { auditRows, count, freezeClock, openRegistry, TODAY, type api } from './registry-helpers';
import type { TestApp } from './test-app';

/** US Core examples, read where they are (../shared/fixtures), never copied. */
const usCore = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(sharedFixtures('us-core-examples'), file), 'utf8')) as Record<string, unknown>;

/** Every answer negative (AHC HRSN). */
const NO_NEEDS = {
  hrsn_living_situation: 'steady',
  hrsn_housing_problems: ['none'],
  hrsn_food_worry: 'never_true',
  hrsn_food_lasted: 'never_true',
  hrsn_transportation: 'no',
  hrsn_utilities: 'no',
  hrsn_safety_hurt: 'never',
  hrsn_safety_insult: 'never',
  hrsn_safety_threaten: 'never',
  hrsn_safety_scream: 'never',
};

describe('integrated care (issue #17 part 2): social needs, problems, preferences, summary, cohorts, huddles', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;
  let patient: EpisodeBuilder;
  let otherClinicPatient: EpisodeBuilder;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
    patient = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-01-05' });
    otherClinicPatient = await EpisodeBuilder.create(t.db, b, { enrolledOn: '2026-01-05' });
  });
  afterAll(() => t.close());

  describe('social needs (AHC HRSN) with community-resource referrals', () => {
    let food: SocialNeedView;

    it('opens a need per positive domain (food; safety sum 11 > 10), once per unresolved domain, audited without answers', async () => {
      const screened = (
        await http
          .post(`/api/patients/${patient.patientId}/social-needs/screenings`, a.careManager.auth, {
            screenedOn: '2026-03-02',
            answers: {
              ...NO_NEEDS,
              hrsn_food_worry: 'often_true',
              hrsn_safety_hurt: 'fairly_often',
              hrsn_safety_insult: 'sometimes',
              hrsn_safety_threaten: 'rarely',
              hrsn_safety_scream: 'rarely',
            },
          })
          .expect(201)
      ).body as PatientSocialNeeds;
      expect(screened.needs.map((n) => [n.domain, n.status, n.identifiedOn])).toEqual([
        ['food', 'open', '2026-03-02'],
        ['safety', 'open', '2026-03-02'],
      ]);
      expect(screened.screenings[0]).toMatchObject({ positiveDomains: ['food', 'safety'], safetyScore: 11 });

      // A later positive food screen does not open a second food need; transportation is new.
      await http
        .post(`/api/patients/${patient.patientId}/social-needs/screenings`, a.pcp.auth, {
          screenedOn: '2026-03-09',
          answers: { hrsn_food_lasted: 'sometimes_true', hrsn_transportation: 'yes' },
        })
        .expect(201);
      const listed = (await http.get(`/api/patients/${patient.patientId}/social-needs`, a.consultant.auth).expect(200))
        .body as PatientSocialNeeds;
      expect(listed.needs.map((n) => n.domain).sort()).toEqual(['food', 'safety', 'transportation']);
      expect(listed.screenings).toHaveLength(2);
      food = must(listed.needs.find((n) => n.domain === 'food'));

      const audited = await auditRows(t, a.clinicId);
      const screens = audited.filter((r) => r.action === 'social-needs.screen');
      expect(screens.map((r) => [r.actor_id, r.patient_id, r.details['positiveDomains']])).toEqual([
        [a.careManager.id, patient.patientId, ['food', 'safety']],
        [a.pcp.id, patient.patientId, ['food', 'transportation']],
      ]);
      expect(JSON.stringify(audited)).not.toMatch(/often_true|fairly_often/);
      expect(audited.some((r) => r.action === 'social-needs.read' && r.actor_id === a.consultant.id)).toBe(true);
    });

    it('tracks the referral referred → connected → resolved, forward only', async () => {
      const path = `/api/social-needs/${food.id}/progress`;
      const refused = await http
        .post(path, a.careManager.auth, { status: 'referred', on: '2026-03-10', version: 1 })
        .expect(400);
      expect(refused.body.field).toBe('resourceName');
      const referred = (
        await http
          .post(path, a.careManager.auth, {
            status: 'referred',
            on: '2026-03-10',
            resourceName: 'Eastside Community Food Pantry',
            version: 1,
          })
          .expect(200)
      ).body as SocialNeedView;
      expect(referred).toMatchObject({ status: 'referred', referredOn: '2026-03-10', version: 2 });
      await http.post(path, a.careManager.auth, { status: 'connected', on: '2026-03-12', version: 1 }).expect(409);
      const connected = (
        await http.post(path, a.careManager.auth, { status: 'connected', on: '2026-03-12', version: 2 }).expect(200)
      ).body as SocialNeedView;
      expect(connected).toMatchObject({ status: 'connected', resourceName: 'Eastside Community Food Pantry' });
      await http.post(path, a.careManager.auth, { status: 'referred', on: '2026-03-13', version: 3 }).expect(409);
      const resolved = (
        await http.post(path, a.careManager.auth, { status: 'resolved', on: TODAY, version: 3 }).expect(200)
      ).body as SocialNeedView;
      expect(resolved).toMatchObject({ status: 'resolved', resolvedOn: TODAY });
      const rows = await auditRows(t, a.clinicId, 'social-need.progress');
      expect(rows.map((r) => r.details['to'])).toEqual(['referred', 'connected', 'resolved']);
      expect(JSON.stringify(rows)).not.toMatch(/Pantry/);
    });

    it('refuses bad input naming the field and changes nothing', async () => {
      const before = await count(t, `SELECT 1 FROM social_needs_screening WHERE patient_id = $1`, [patient.patientId]);
      const path = `/api/patients/${patient.patientId}/social-needs/screenings`;
      for (const [body, field] of [
        [{ screenedOn: '2026-03-02', answers: { hrsn_utilities: 'maybe' } }, 'answers.hrsn_utilities'],
        [{ screenedOn: '2026-03-02', answers: { hrsn_pets: 'yes' } }, 'answers.hrsn_pets'],
        [{ screenedOn: '2026-03-02', answers: { hrsn_transportation: ['yes', 'no'] } }, 'answers.hrsn_transportation'],
        [{ screenedOn: '2026-03-02', answers: { hrsn_transportation: 3 } }, 'answers.hrsn_transportation'],
        [{ screenedOn: '2026-03-02', answers: {} }, 'answers'],
        [{ screenedOn: '2026-03-17', answers: NO_NEEDS }, 'screenedOn'],
        [{ screenedOn: '2026-02-30', answers: NO_NEEDS }, 'screenedOn'],
        [{ screenedOn: '2026-03-02', answers: 'food' }, 'answers'],
        [{ screenedOn: '2026-03-02', answers: NO_NEEDS, extra: 1 }, 'extra'],
      ] as const) {
        const res = await http.post(path, a.careManager.auth, body).expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      expect(await count(t, `SELECT 1 FROM social_needs_screening WHERE patient_id = $1`, [patient.patientId])).toBe(
        before,
      );
    });

    it("answers 404 for another clinic's patient or need and 403 to roles without the permission", async () => {
      const need = must(
        (
          (await http.get(`/api/patients/${patient.patientId}/social-needs`, a.careManager.auth))
            .body as PatientSocialNeeds
        ).needs[0],
      );
      await http.get(`/api/patients/${patient.patientId}/social-needs`, b.careManager.auth).expect(404);
      await http
        .post(`/api/patients/${patient.patientId}/social-needs/screenings`, b.careManager.auth, {
          screenedOn: '2026-03-02',
          answers: NO_NEEDS,
        })
        .expect(404);
      await http
        .post(`/api/social-needs/${need.id}/progress`, b.careManager.auth, {
          status: 'resolved',
          on: TODAY,
          version: need.version,
        })
        .expect(404);
      await http.get(`/api/patients/${patient.patientId}/social-needs`, a.otherCareManager.auth).expect(404);
      await http.get(`/api/patients/${patient.patientId}/social-needs`, a.leadership.auth).expect(403);
      await http
        .post(`/api/patients/${patient.patientId}/social-needs/screenings`, a.admin.auth, {
          screenedOn: '2026-03-02',
          answers: NO_NEEDS,
        })
        .expect(403);
    });
  });

  describe('problem list, HbA1c and blood pressure', () => {
    let diabetes: ProblemView;

    it('adds ICD-10-CM problems with their chronic conditions, resolves one, records HbA1c and BP; audited without codes', async () => {
      diabetes = (
        await http
          .post(`/api/patients/${patient.patientId}/problems`, a.pcp.auth, {
            code: 'e11.9',
            text: 'Type 2 diabetes mellitus without complications',
            onsetOn: '2019-05-01',
          })
          .expect(201)
      ).body as ProblemView;
      expect(diabetes).toMatchObject({
        code: 'E11.9',
        status: 'active',
        chronicConditions: ['diabetes'],
        source: 'manual',
        version: 1,
      });
      const pain = (
        await http
          .post(`/api/patients/${patient.patientId}/problems`, a.careManager.auth, {
            code: 'G89.29',
            text: 'Chronic back pain',
          })
          .expect(201)
      ).body as ProblemView;
      expect(pain.chronicConditions).toEqual(['chronic_pain']);
      const resolved = (
        await http
          .post(`/api/problems/${pain.id}/resolve`, a.consultant.auth, { resolvedOn: '2026-03-01', version: 1 })
          .expect(200)
      ).body as ProblemView;
      expect(resolved).toMatchObject({ status: 'resolved', resolvedOn: '2026-03-01', version: 2 });
      await http
        .post(`/api/problems/${pain.id}/resolve`, a.consultant.auth, { resolvedOn: TODAY, version: 2 })
        .expect(409);

      await http
        .post(`/api/patients/${patient.patientId}/labs`, a.pcp.auth, { kind: 'hba1c', on: '2026-01-10', hba1c: 8.1 })
        .expect(201);
      await http
        .post(`/api/patients/${patient.patientId}/labs`, a.pcp.auth, { kind: 'hba1c', on: '2026-03-10', hba1c: 7.2 })
        .expect(201);
      const vitals = (
        await http
          .post(`/api/patients/${patient.patientId}/labs`, a.careManager.auth, {
            kind: 'blood_pressure',
            on: '2026-03-11',
            systolic: 134,
            diastolic: 86,
          })
          .expect(201)
      ).body as VitalsView;
      expect(vitals).toEqual({
        hba1c: { value: 7.2, on: '2026-03-10' },
        bloodPressure: { systolic: 134, diastolic: 86, on: '2026-03-11' },
      });
      const listed = (await http.get(`/api/patients/${patient.patientId}/problems`, a.consultant.auth).expect(200))
        .body as { problems: ProblemView[]; vitals: VitalsView };
      expect(listed.problems.map((p) => [p.code, p.status])).toEqual([
        ['E11.9', 'active'],
        ['G89.29', 'resolved'],
      ]);
      expect(listed.vitals).toEqual(vitals);
      const stored: Array<{ code: string; source: string }> = await t.db.query(
        `SELECT code, source FROM patient_clinical_event WHERE patient_id = $1 AND kind = 'observation' ORDER BY code`,
        [patient.patientId],
      );
      expect(stored.map((r) => r.code)).toEqual(['4548-4', '4548-4', '8462-4', '8480-6']);
      expect(new Set(stored.map((r) => r.source))).toEqual(new Set(['manual']));

      const audited = await auditRows(t, a.clinicId);
      expect(
        audited.filter((r) => /^(problem|lab)\./.test(r.action)).map((r) => [r.action, r.actor_id, r.patient_id]),
      ).toEqual([
        ['problem.add', a.pcp.id, patient.patientId],
        ['problem.add', a.careManager.id, patient.patientId],
        ['problem.resolve', a.consultant.id, patient.patientId],
        ['lab.record', a.pcp.id, patient.patientId],
        ['lab.record', a.pcp.id, patient.patientId],
        ['lab.record', a.careManager.id, patient.patientId],
      ]);
      expect(JSON.stringify(audited)).not.toMatch(/E11\.9|back pain/);
    });

    it('refuses bad input naming the field and changes nothing', async () => {
      const before = await count(t, `SELECT 1 FROM patient_clinical_event WHERE patient_id = $1`, [patient.patientId]);
      for (const [path, body, field] of [
        ['problems', { code: 'diabetes', text: 'x' }, 'code'],
        ['problems', { code: 'E11.9', text: '  ' }, 'text'],
        ['problems', { code: 'E11.9', text: 'x', onsetOn: '2026-04-01' }, 'onsetOn'],
        ['labs', { kind: 'hba1c', on: '2026-03-01' }, 'hba1c'],
        ['labs', { kind: 'hba1c', on: '2026-03-01', hba1c: 42 }, 'hba1c'],
        ['labs', { kind: 'blood_pressure', on: '2026-03-01', systolic: 120 }, 'diastolic'],
        ['labs', { kind: 'blood_pressure', on: '2026-03-01', systolic: 80, diastolic: 90 }, 'diastolic'],
        ['labs', { kind: 'weight', on: '2026-03-01' }, 'kind'],
      ] as const) {
        const res = await http.post(`/api/patients/${patient.patientId}/${path}`, a.careManager.auth, body).expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      await http
        .post(`/api/problems/${diabetes.id}/resolve`, a.careManager.auth, { resolvedOn: '2019-01-01', version: 1 })
        .expect(400)
        .expect((res) => expect(res.body.field).toBe('resolvedOn'));
      expect(await count(t, `SELECT 1 FROM patient_clinical_event WHERE patient_id = $1`, [patient.patientId])).toBe(
        before,
      );
    });

    it("answers 404 for another clinic's patient or problem and 403 to leadership", async () => {
      await http.get(`/api/patients/${patient.patientId}/problems`, b.pcp.auth).expect(404);
      await http
        .post(`/api/patients/${patient.patientId}/problems`, b.careManager.auth, { code: 'I10', text: 'Hypertension' })
        .expect(404);
      await http
        .post(`/api/problems/${diabetes.id}/resolve`, b.careManager.auth, { resolvedOn: TODAY, version: 1 })
        .expect(404);
      await http
        .post(`/api/patients/${patient.patientId}/labs`, b.careManager.auth, { kind: 'hba1c', on: TODAY, hba1c: 6 })
        .expect(404);
      await http.get(`/api/patients/${patient.patientId}/problems`, a.leadership.auth).expect(403);
      await http
        .post(`/api/patients/${patient.patientId}/problems`, a.leadership.auth, { code: 'I10', text: 'Hypertension' })
        .expect(403);
    });
  });

  describe('care preferences', () => {
    it('records preferences (version 0 → 1), refuses a stale save, audits changed field names only', async () => {
      const path = `/api/patients/${patient.patientId}/care-preferences`;
      const empty = (await http.get(path, a.careManager.auth).expect(200)).body as CarePreferencesView;
      expect(empty).toMatchObject({ version: 0, contactMethod: null, updatedBy: null });
      const saved = (
        await http
          .put(path, a.careManager.auth, {
            contactMethod: 'text',
            contactTimes: 'Weekday mornings before 11',
            whatHelps: 'Being told what comes next',
            whatToAvoid: 'Calls after dark; raised voices',
            version: 0,
          })
          .expect(200)
      ).body as CarePreferencesView;
      expect(saved).toMatchObject({
        contactMethod: 'text',
        whatToAvoid: 'Calls after dark; raised voices',
        version: 1,
        updatedBy: { id: a.careManager.id },
      });
      await http
        .put(path, a.pcp.auth, {
          contactMethod: 'phone',
          contactTimes: null,
          whatHelps: null,
          whatToAvoid: null,
          version: 0,
        })
        .expect(409);
      const second = (await http.put(path, a.pcp.auth, { ...saved, contactMethod: 'phone', version: 1 }).expect(400))
        .body as { message: unknown };
      expect(JSON.stringify(second)).toMatch(/patientId|updatedBy/);
      const rows = await auditRows(t, a.clinicId, 'care-preferences.save');
      expect(rows).toHaveLength(1);
      expect(rows[0]?.details).toEqual({ changed: ['contactMethod', 'contactTimes', 'whatHelps', 'whatToAvoid'] });
      expect(JSON.stringify(rows)).not.toMatch(/after dark/);
    });

    it('refuses bad input naming the field; 404 across clinics; 403 to leadership', async () => {
      const path = `/api/patients/${patient.patientId}/care-preferences`;
      const body = { contactMethod: 'pigeon', contactTimes: null, whatHelps: null, whatToAvoid: null, version: 1 };
      const res = await http.put(path, a.careManager.auth, body).expect(400);
      expect(JSON.stringify(res.body)).toContain('contactMethod');
      await http
        .put(path, a.careManager.auth, { ...body, contactMethod: 'phone', whatHelps: 'x'.repeat(1001) })
        .expect(400);
      await http.get(path, b.careManager.auth).expect(404);
      await http.put(path, b.careManager.auth, { ...body, contactMethod: 'phone' }).expect(404);
      await http.get(path, a.leadership.auth).expect(403);
      expect(((await http.get(path, a.consultant.auth).expect(200)).body as CarePreferencesView).contactMethod).toBe(
        'text',
      );
    });
  });

  describe("the consultant's one-screen summary", () => {
    it('shows scores, current medications, problems, HbA1c/BP, open needs and preferences', async () => {
      await patient.score('PHQ9', '2026-01-05', 18);
      await patient.score('PHQ9', '2026-02-09', 12);
      await patient.score('PHQ9', '2026-03-09', 9);
      await patient.score('GAD7', '2026-01-05', 14);
      await http
        .post(`/api/patients/${patient.patientId}/medications`, a.consultant.auth, {
          name: 'sertraline',
          dose: '100 mg daily',
          startedOn: '2026-01-12',
        })
        .expect(201);
      const summary = (await http.get(`/api/patients/${patient.patientId}/summary`, a.consultant.auth).expect(200))
        .body as ConsultantSummary;
      expect(summary.scores).toEqual([
        {
          instrument: 'PHQ9',
          baseline: 18,
          baselineOn: '2026-01-05',
          latest: 9,
          latestOn: '2026-03-09',
          changePercent: -50,
          count: 3,
        },
        {
          instrument: 'GAD7',
          baseline: 14,
          baselineOn: '2026-01-05',
          latest: 14,
          latestOn: '2026-01-05',
          changePercent: null,
          count: 1,
        },
      ]);
      expect(summary.medications).toEqual([{ name: 'sertraline', dose: '100 mg daily', startedOn: '2026-01-12' }]);
      expect(summary.problems.map((p) => p.code)).toEqual(['E11.9', 'G89.29']);
      expect(summary.vitals.hba1c).toEqual({ value: 7.2, on: '2026-03-10' });
      expect(summary.openNeeds.map((n) => n.domain).sort()).toEqual(['safety', 'transportation']);
      expect(summary.preferences).toMatchObject({ contactMethod: 'text', version: 1 });
      expect(summary.displayName).toBe('Patient, Test');
      expect((await auditRows(t, a.clinicId, 'consultant-summary.read')).map((r) => r.patient_id)).toEqual([
        patient.patientId,
      ]);
    });

    it("404 for another clinic's patient, 403 to leadership and admin", async () => {
      await http.get(`/api/patients/${otherClinicPatient.patientId}/summary`, a.consultant.auth).expect(404);
      await http.get(`/api/patients/${patient.patientId}/summary`, b.consultant.auth).expect(404);
      await http.get(`/api/patients/${patient.patientId}/summary`, a.leadership.auth).expect(403);
      await http.get(`/api/patients/${patient.patientId}/summary`, a.admin.auth).expect(403);
    });
  });

  describe('outcomes by chronic-condition cohort', () => {
    it('matches libs/scoring on the raw rows, per cohort with vs without; leadership only; audited', async () => {
      const c = await createClinic(t);
      const episodes: Array<[string | null, number[]]> = [
        ['E11.65', [20, 4]],
        ['E11.9', [16, 12]],
        ['I10', [15, 7]],
        ['I11.0', [12, 3]],
        [null, [22, 10]],
        [null, [14, 13]],
        ['J44.9', [8, 2]],
        ['C50.911', [19]],
      ];
      for (const [code, scores] of episodes) {
        const p = await EpisodeBuilder.create(t.db, c, { enrolledOn: '2026-01-05' });
        for (const [i, total] of scores.entries()) await p.score('PHQ9', `2026-0${i + 1}-10`, total);
        if (code) {
          await http
            .post(`/api/patients/${p.patientId}/problems`, c.careManager.auth, { code, text: code })
            .expect(201);
        }
      }
      // A resolved diabetes problem does not place a patient in the cohort.
      const resolvedOne = await EpisodeBuilder.create(t.db, c, { enrolledOn: '2026-01-05' });
      await resolvedOne.score('PHQ9', '2026-01-10', 18);
      await resolvedOne.score('PHQ9', '2026-02-10', 3);
      const old = (
        await http
          .post(`/api/patients/${resolvedOne.patientId}/problems`, c.careManager.auth, { code: 'E10.9', text: 'T1DM' })
          .expect(201)
      ).body as ProblemView;
      await http
        .post(`/api/problems/${old.id}/resolve`, c.careManager.auth, { resolvedOn: '2026-03-01', version: 1 })
        .expect(200);

      const got = (await http.get('/api/outcomes/by-cohort', c.leadership.auth).expect(200)).body as CohortOutcome[];

      // The library over the raw rows.
      const scoreRows: Array<{ episodeId: string; patientId: string; total: number }> = await t.db.query(
        `SELECT a.episode_id AS "episodeId", a.patient_id AS "patientId", a.total FROM assessment a
         WHERE a.clinic_id = $1 AND a.instrument = 'PHQ9' AND a.complete ORDER BY a.administered_on, a.created_at, a.id`,
        [c.clinicId],
      );
      const conditionRows: Array<{ patientId: string; code: string; status: string }> = await t.db.query(
        `SELECT patient_id AS "patientId", code, status FROM patient_clinical_event WHERE clinic_id = $1 AND kind = 'condition'`,
        [c.clinicId],
      );
      const byEpisode = new Map<string, { patientId: string; phq9: number[] }>();
      for (const row of scoreRows) {
        const entry = byEpisode.get(row.episodeId) ?? { patientId: row.patientId, phq9: [] };
        entry.phq9.push(row.total);
        byEpisode.set(row.episodeId, entry);
      }
      const expected = computeOutcomesByCohort(
        [...byEpisode.entries()].map(([episodeId, e]) => ({
          episodeId,
          phq9: e.phq9,
          conditions: [
            ...new Set(
              conditionRows
                .filter(
                  (r) => r.patientId === e.patientId && COHORT_OUTCOME_RULES.activeConditionStatuses.includes(r.status),
                )
                .flatMap((r): ChronicCondition[] => chronicConditionsOf(r.code)),
            ),
          ],
        })),
      );
      expect(got.map((g) => ({ condition: g.condition, with: pick(g.with), without: pick(g.without) }))).toEqual(
        expected,
      );
      // And the figures themselves, so a shared mistake cannot pass.
      const diabetes = must(got.find((g) => g.condition === 'diabetes'));
      expect(diabetes).toMatchObject({
        label: 'Diabetes',
        with: { episodes: 2, remission: 1, response: 1, remissionRate: 50, responseRate: 50 },
        without: { episodes: 5, remission: 2, response: 4 },
      });
      expect(must(got.find((g) => g.condition === 'heart_failure')).with).toMatchObject({ episodes: 1, remission: 1 });
      expect(must(got.find((g) => g.condition === 'copd')).with).toMatchObject({ episodes: 0, remissionRate: null });

      expect((await auditRows(t, c.clinicId, 'outcomes.by-cohort.read')).map((r) => r.actor_id)).toEqual([
        c.leadership.id,
      ]);
      // Another clinic's leadership sees its own (empty) figures, never these.
      const other = (await http.get('/api/outcomes/by-cohort', b.leadership.auth).expect(200)).body as CohortOutcome[];
      expect(other.every((g) => g.with.episodes === 0)).toBe(true);
      await http.get('/api/outcomes/by-cohort', c.careManager.auth).expect(403);
    });
  });

  describe('team huddles and tasks', () => {
    let itemId: string;
    let task: CareTaskView;

    it('a PCP puts a patient on the huddle; the team sees it with open needs; others do not', async () => {
      itemId = (
        (
          await http
            .post('/api/huddle/items', a.pcp.auth, {
              patientId: patient.patientId,
              question: 'PHQ-9 still 9 and HbA1c 7.2: add behavioural activation?',
            })
            .expect(201)
        ).body as { id: string }
      ).id;
      const list = (await http.get('/api/huddle/items', a.consultant.auth).expect(200)).body as HuddleItemView[];
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        id: itemId,
        patientId: patient.patientId,
        raisedBy: { id: a.pcp.id },
        discussedAt: null,
        tasks: [],
      });
      expect([...must(list[0]).openNeeds].sort()).toEqual(['safety', 'transportation']);
      // Another caseload's care manager and another clinic see nothing of it.
      expect((await http.get('/api/huddle/items', a.otherCareManager.auth).expect(200)).body).toEqual([]);
      expect((await http.get('/api/huddle/items', b.careManager.auth).expect(200)).body).toEqual([]);
      const rows = await auditRows(t, a.clinicId, 'huddle.raise');
      expect(rows.map((r) => [r.actor_id, r.patient_id, r.resource_id])).toEqual([
        [a.pcp.id, patient.patientId, itemId],
      ]);
      expect(JSON.stringify(rows)).not.toMatch(/behavioural/);
    });

    it('refuses bad input naming the field: question, patientId, task owner and due date', async () => {
      const before = await count(t, `SELECT 1 FROM care_task WHERE clinic_id = $1`, [a.clinicId]);
      for (const [body, field] of [
        [{ patientId: patient.patientId, question: ' ' }, 'question'],
        [{ patientId: 'nope', question: 'x' }, 'patientId'],
      ] as const) {
        const res = await http.post('/api/huddle/items', a.careManager.auth, body).expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      const discuss = `/api/huddle/items/${itemId}/discuss`;
      for (const [tasks, field] of [
        [[{ title: 'Call', ownerId: a.leadership.id, dueOn: '2026-03-20' }], 'tasks.0.ownerId'],
        [[{ title: 'Call', ownerId: a.otherCareManager.id, dueOn: '2026-03-20' }], 'tasks.0.ownerId'],
        [[{ title: 'Call', ownerId: b.careManager.id, dueOn: '2026-03-20' }], 'tasks.0.ownerId'],
        [[{ title: 'Call', ownerId: a.careManager.id, dueOn: '2026-03-15' }], 'tasks.0.dueOn'],
        [[{ title: '', ownerId: a.careManager.id, dueOn: '2026-03-20' }], 'tasks.0.title'],
      ] as const) {
        const res = await http.post(discuss, a.consultant.auth, { note: 'Discussed', tasks }).expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      expect(await count(t, `SELECT 1 FROM care_task WHERE clinic_id = $1`, [a.clinicId])).toBe(before);
      expect(await count(t, `SELECT 1 FROM huddle_item WHERE id = $1 AND discussed_at IS NULL`, [itemId])).toBe(1);
    });

    it("the huddle's note becomes tasks; my tasks: done, reopen, overdue by the clinic's today", async () => {
      const discussed = (
        await http
          .post(`/api/huddle/items/${itemId}/discuss`, a.consultant.auth, {
            note: 'Add behavioural activation; check transport to appointments',
            tasks: [
              { title: 'Start behavioural activation', ownerId: a.careManager.id, dueOn: '2026-03-20' },
              { title: 'Refer to ride programme', ownerId: a.careManager.id, dueOn: TODAY },
              { title: 'Recheck HbA1c', ownerId: a.pcp.id, dueOn: '2026-04-15' },
            ],
          })
          .expect(200)
      ).body as { tasks: CareTaskView[] };
      expect(discussed.tasks.map((x) => [x.title, x.owner.id, x.dueOn, x.done])).toEqual([
        ['Refer to ride programme', a.careManager.id, TODAY, false],
        ['Start behavioural activation', a.careManager.id, '2026-03-20', false],
        ['Recheck HbA1c', a.pcp.id, '2026-04-15', false],
      ]);
      await http
        .post(`/api/huddle/items/${itemId}/discuss`, a.consultant.auth, { note: 'Again', tasks: [] })
        .expect(409);
      // An older task of the same owner, due last week: overdue.
      await t.db.query(`UPDATE care_task SET due_on = '2026-03-10' WHERE title = 'Refer to ride programme'`);

      const mine = (await http.get('/api/tasks/mine', a.careManager.auth).expect(200)).body as CareTaskView[];
      expect(mine.map((x) => [x.title, x.dueOn, x.overdue])).toEqual([
        ['Refer to ride programme', '2026-03-10', true],
        ['Start behavioural activation', '2026-03-20', false],
      ]);
      task = must(mine[0]);
      const done = (
        await http.post(`/api/tasks/${task.id}/status`, a.careManager.auth, { done: true, version: 1 }).expect(200)
      ).body as CareTaskView;
      expect(done).toMatchObject({ done: true, overdue: false, version: 2 });
      await http.post(`/api/tasks/${task.id}/status`, a.careManager.auth, { done: true, version: 2 }).expect(409);
      const reopened = (
        await http.post(`/api/tasks/${task.id}/status`, a.careManager.auth, { done: false, version: 2 }).expect(200)
      ).body as CareTaskView;
      expect(reopened).toMatchObject({ done: false, overdue: true, version: 3 });
      expect(
        ((await http.get('/api/tasks/mine', a.pcp.auth).expect(200)).body as CareTaskView[]).map((x) => x.title),
      ).toEqual(['Recheck HbA1c']);
      const list = (await http.get('/api/huddle/items', a.careManager.auth).expect(200)).body as HuddleItemView[];
      expect(must(list[0]).discussedAt).not.toBeNull();
      expect(must(list[0]).tasks).toHaveLength(3);

      const audited = await auditRows(t, a.clinicId);
      expect(
        audited.filter((r) => /^(huddle\.discuss|task\.)/.test(r.action)).map((r) => [r.action, r.details]),
      ).toEqual([
        ['huddle.discuss', { tasks: 3 }],
        ['task.done', {}],
        ['task.reopen', {}],
      ]);
      expect(JSON.stringify(audited)).not.toMatch(/ride programme|behavioural activation/i);
    });

    it("404 for another clinic's item, task or patient; 403 to leadership and admin", async () => {
      await http
        .post('/api/huddle/items', a.careManager.auth, { patientId: otherClinicPatient.patientId, question: 'x' })
        .expect(404);
      await http.post(`/api/huddle/items/${itemId}/discuss`, b.consultant.auth, { note: 'x', tasks: [] }).expect(404);
      await http.post(`/api/tasks/${task.id}/status`, b.careManager.auth, { done: true, version: 3 }).expect(404);
      await http.get('/api/huddle/items', a.leadership.auth).expect(403);
      await http.get('/api/tasks/mine', a.admin.auth).expect(403);
      await http
        .post('/api/huddle/items', a.leadership.auth, { patientId: patient.patientId, question: 'x' })
        .expect(403);
    });
  });

  describe('FHIR import of Hunger Vital Sign and PRAPARE responses into the same needs', () => {
    const post = (auth: string, body: unknown) =>
      request(t.app.getHttpServer())
        .post('/fhir/R4')
        .set('Authorization', auth)
        .set('Content-Type', 'application/fhir+json')
        .send(JSON.stringify(body));
    const bundle = (mrn: string, resource: Record<string, unknown>) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:patient-example',
          resource: {
            resourceType: 'Patient',
            id: 'example',
            identifier: [{ system: `urn:huddle:clinic:${a.clinicId}:mrn`, value: mrn }],
            name: [{ family: 'Shaw', given: ['Amy'] }],
            birthDate: '1987-02-20',
          },
          request: { method: 'POST', url: 'Patient' },
        },
        { resource, request: { method: 'POST', url: 'QuestionnaireResponse' } },
      ],
    });
    const patientOf = async (mrn: string): Promise<string> =>
      must(
        (
          (await t.db.query(`SELECT id FROM patient WHERE clinic_id = $1 AND mrn = $2`, [a.clinicId, mrn])) as Array<{
            id: string;
          }>
        )[0],
      ).id;

    it('imports the US Core Hunger Vital Sign response as a food need, idempotently, audited', async () => {
      const body = bundle('HVS-1', usCore('QuestionnaireResponse-hunger-vital-sign-example.json'));
      const first = await post(a.careManager.auth, body).expect(200);
      expect(first.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual([
        '201 Created',
        '201 Created',
      ]);
      const patientId = await patientOf('HVS-1');
      const needs = (await http.get(`/api/patients/${patientId}/social-needs`, a.careManager.auth).expect(200))
        .body as PatientSocialNeeds;
      expect(needs.needs.map((n) => [n.domain, n.status, n.identifiedOn])).toEqual([['food', 'open', '2020-09-10']]);
      expect(needs.screenings).toEqual([
        expect.objectContaining({ source: 'import', screenedOn: '2020-09-10', positiveDomains: ['food'] }),
      ]);
      const again = await post(a.careManager.auth, body).expect(200);
      expect(again.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual([
        '200 OK',
        '200 OK',
      ]);
      expect(await count(t, `SELECT 1 FROM social_needs_screening WHERE patient_id = $1`, [patientId])).toBe(1);
      const audited = await auditRows(t, a.clinicId, 'import.fhir');
      expect(audited.map((r) => r.details['screensCreated'])).toEqual([1, 0]);
    });

    it("imports US Core's PRAPARE example by LOINC codes: housing, transportation and safety needs, answers kept", async () => {
      await post(a.careManager.auth, bundle('PRAPARE-1', usCore('QuestionnaireResponse-PRAPARE-example.json'))).expect(
        200,
      );
      const patientId = await patientOf('PRAPARE-1');
      const needs = (await http.get(`/api/patients/${patientId}/social-needs`, a.careManager.auth).expect(200))
        .body as PatientSocialNeeds;
      expect(needs.needs.map((n) => n.domain).sort()).toEqual(['housing', 'safety', 'transportation']);
      const [screen] = await t.db.query(
        `SELECT answers, positive_domains AS "positiveDomains" FROM social_needs_screening WHERE patient_id = $1`,
        [patientId],
      );
      // The PRAPARE answer codes read (the declined housing-worry answer and non-HRSN items are not kept).
      expect(screen).toEqual({
        answers: {
          'prapare_71802-3': ['LA30190-5'],
          'prapare_93031-3': ['LA30126-9', 'LA30127-7'],
          'prapare_93030-5': ['LA30134-3'],
          'prapare_93026-3': ['LA32-8'],
          'prapare_76501-6': ['LA32-8'],
        },
        positiveDomains: ['housing', 'transportation', 'safety'],
      });
    });

    it('refuses a response whose answers the registry cannot read, naming the item, and writes nothing', async () => {
      const resource = usCore('QuestionnaireResponse-hunger-vital-sign-example.json');
      const refused = {
        ...resource,
        item: [{ linkId: '/88122-7', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA15775-2' } }] }],
      };
      const before = await count(t, `SELECT 1 FROM social_needs_screening WHERE clinic_id = $1`, [a.clinicId]);
      const res = await post(a.careManager.auth, bundle('HVS-2', refused)).expect(400);
      expect(JSON.stringify(res.body)).toContain('item[0].answer[0]');
      expect(await count(t, `SELECT 1 FROM social_needs_screening WHERE clinic_id = $1`, [a.clinicId])).toBe(before);
    });
  });

  describe("the next huddle: the clinic's huddle day files items under its date", () => {
    const clinicUrl = '/api/clinics/current';
    async function setHuddle(huddle: { weekday: number; time: string } | null): Promise<void> {
      const current = (await http.get(clinicUrl, a.admin.auth).expect(200)).body as { version: number };
      const res = await http.patch(clinicUrl, a.admin.auth, { version: current.version, huddle }).expect(200);
      expect(res.body.huddle).toEqual(huddle);
    }
    async function raise(question: string): Promise<{ id: string; huddleOn: string | null }> {
      return (
        await http.post('/api/huddle/items', a.careManager.auth, { patientId: patient.patientId, question }).expect(201)
      ).body;
    }
    afterEach(() => freezeClock(t));

    it('files an item raised a minute before the start under today, and one raised at the start under next week', async () => {
      // The clock stands at Monday 16 March 2026, 11:00 New York; the huddle: Mondays at 11:01.
      await setHuddle({ weekday: 1, time: '11:01' });
      const before = await raise('Before the start');
      expect(before.huddleOn).toBe('2026-03-16');
      freezeClock(t, '2026-03-16T15:01:00.000Z'); // 11:01 New York: the huddle has begun
      const at = await raise('At the start');
      expect(at.huddleOn).toBe('2026-03-23');
      const list = (await http.get('/api/huddle/items', a.careManager.auth).expect(200)).body as HuddleItemView[];
      expect(list.filter((i) => [before.id, at.id].includes(i.id)).map((i) => [i.question, i.huddleOn])).toEqual([
        ['Before the start', '2026-03-16'],
        ['At the start', '2026-03-23'],
      ]);
      const audited = (await auditRows(t, a.clinicId, 'huddle.raise')).filter((r) => r.resource_id === at.id);
      expect(audited.map((r) => r.details)).toEqual([{ huddleOn: '2026-03-23' }]);
    });

    it("takes the clinic's time zone: at Monday 11:00 in New York it is already Tuesday on Kiritimati (UTC+14)", async () => {
      // The same Monday-noon huddle: New York's is today, Kiritimati's was yesterday, so next Monday's.
      await setHuddle({ weekday: 1, time: '12:00' });
      expect((await raise('New York')).huddleOn).toBe('2026-03-16');
      const other = (await http.get(clinicUrl, b.admin.auth).expect(200)).body as { version: number; timezone: string };
      await http
        .patch(clinicUrl, b.admin.auth, {
          version: other.version,
          timezone: 'Pacific/Kiritimati',
          huddle: { weekday: 1, time: '12:00' },
        })
        .expect(200);
      try {
        const res = await http
          .post('/api/huddle/items', b.careManager.auth, {
            patientId: otherClinicPatient.patientId,
            question: 'Kiritimati',
          })
          .expect(201);
        expect(res.body.huddleOn).toBe('2026-03-23');
      } finally {
        const now = (await http.get(clinicUrl, b.admin.auth).expect(200)).body as { version: number };
        await http
          .patch(clinicUrl, b.admin.auth, { version: now.version, timezone: other.timezone, huddle: null })
          .expect(200);
      }
    });

    it('files no date without a huddle day, and refuses a bad schedule naming the field, changing nothing', async () => {
      await setHuddle(null);
      expect((await raise('No huddle day')).huddleOn).toBeNull();
      const current = (await http.get(clinicUrl, a.admin.auth).expect(200)).body as { version: number };
      for (const [huddle, field] of [
        [{ weekday: 9, time: '08:30' }, 'huddle.weekday'],
        [{ weekday: 2, time: '8.30' }, 'huddle.time'],
        [{ weekday: 2 }, 'time'],
        ['tuesdays', 'huddle'],
      ] as const) {
        const res = await http.patch(clinicUrl, a.admin.auth, { version: current.version, huddle }).expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      const after = (await http.get(clinicUrl, a.admin.auth).expect(200)).body as { version: number; huddle: unknown };
      expect(after).toMatchObject({ version: current.version, huddle: null });
      // Only an administrator sets it.
      await http.patch(clinicUrl, a.careManager.auth, { version: current.version, huddle: null }).expect(403);
    });
  });
});

function pick(g: { episodes: number; remission: number; response: number }): {
  episodes: number;
  remission: number;
  response: number;
} {
  return { episodes: g.episodes, remission: g.remission, response: g.response };
}
