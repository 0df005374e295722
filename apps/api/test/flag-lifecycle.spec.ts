import type {
  AssessmentRecord,
  ContactRecord,
  ManualFlagView,
  PatientFlagHistory,
  PatientFlagsResponse,
  PatientTimeline,
  RecordRevisionView,
  SafetyFollowUpView,
} from '@huddle/shared-types';
import { FlagHistoryService } from '../src/app/flag-lifecycle/flag-history.service';
import { answersFor, EpisodeBuilder } from './builders';
import type { ClinicFixture, StaffFixture } from './fixtures';
import { auditRows, count, must, openRegistry, TODAY, type api } from './registry-helpers';
import type { TestApp } from './test-app';

/** Issue #11 item 1 and corrections: safety follow-ups, review requests, manual flags, corrections, history. */
describe('flag lifecycle and corrections', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  const followUp = (overrides: object = {}) => ({
    performedAt: '2026-03-12T15:00:00Z',
    method: 'cssrs_screener',
    riskLevel: 'low',
    safetyPlan: 'created',
    lethalMeansCounselling: true,
    crisisLineGiven: true,
    disposition: 'continue_outpatient',
    consultantNotified: true,
    nextContactOn: '2026-03-19',
    note: 'Patient safe at home',
    ...overrides,
  });
  const flagsOf = async (staff: StaffFixture, patientId: string) =>
    (await http.get(`/api/patients/${patientId}/flags`, staff.auth).expect(200)).body as PatientFlagsResponse;
  const codes = (flags: PatientFlagsResponse) => [
    ...flags.computed.map((f) => f.code),
    ...flags.manual.map((m) => m.code),
  ];
  const history = async (staff: StaffFixture, patientId: string) =>
    ((await http.get(`/api/patients/${patientId}/flag-history`, staff.auth).expect(200)).body as PatientFlagHistory)
      .entries;
  const followUpCount = (patientId: string) =>
    count(t, `SELECT 1 FROM safety_follow_up WHERE patient_id = $1`, [patientId]);

  describe('safety follow-up', () => {
    it('clears SAFETY (summary and probe paths) and open safety concerns, audited, and stays in the history', async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
      const first = await p.score('PHQ9', '2026-03-02', 16, { item9: 2 });
      const second = await p.score('PHQ9', '2026-03-10', 12, { item9: 1 });
      const concern = (
        await http
          .post(`/api/patients/${p.patientId}/flags`, a.careManager.auth, { code: 'SAFETY_CONCERN', note: 'Hopeless' })
          .expect(201)
      ).body as ManualFlagView;
      expect(codes(await flagsOf(a.careManager, p.patientId))).toEqual(
        expect.arrayContaining(['SAFETY', 'SAFETY_CONCERN']),
      );

      const res = await http
        .post(`/api/patients/${p.patientId}/safety-follow-ups`, a.careManager.auth, followUp())
        .expect(201);
      const saved = res.body as SafetyFollowUpView;
      expect(saved).toMatchObject({
        patientId: p.patientId,
        episodeId: p.episodeId,
        performedBy: { id: a.careManager.id },
        performedOn: '2026-03-12',
        riskLevel: 'low',
        disposition: 'continue_outpatient',
        resolvedAssessmentIds: [first, second], // by administration date
        resolvedFlagIds: [concern.id],
      });

      const after = await flagsOf(a.careManager, p.patientId);
      expect(codes(after)).not.toContain('SAFETY');
      expect(codes(after)).not.toContain('SAFETY_CONCERN');
      // The read-time probes (no stored summary row) give the same answer.
      await t.db.query(`DELETE FROM episode_summary WHERE episode_id = $1`, [p.episodeId]);
      expect(codes(await flagsOf(a.careManager, p.patientId))).not.toContain('SAFETY');
      // Put the summary row back (the database is shared with the other suites, which check it).
      await t.db.query(`SELECT episode_summary_refresh(ARRAY[$1]::uuid[])`, [p.episodeId]);

      const resolved = must(
        (await t.db.query(`SELECT resolved_by, resolution_note FROM manual_flag WHERE id = $1`, [concern.id]))[0] as {
          resolved_by: string;
          resolution_note: string;
        },
      );
      expect(resolved.resolved_by).toBe(a.careManager.id);
      expect(resolved.resolution_note).toContain('low risk');

      const created = (await auditRows(t, a.clinicId, 'safety_follow_up.create')).filter(
        (row) => row.resource_id === saved.id,
      );
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        actor_id: a.careManager.id,
        patient_id: p.patientId,
        details: { riskLevel: 'low', clears: { SAFETY: [first, second].sort(), SAFETY_CONCERN: [concern.id] } },
      });
      const flagAudit = (await auditRows(t, a.clinicId, 'flag.resolve')).filter(
        (row) => row.resource_id === concern.id,
      );
      expect(flagAudit[0]?.details).toMatchObject({ via: 'safety_follow_up', followUpId: saved.id });

      const entries = await history(a.pcp, p.patientId);
      const safety = entries.filter((e) => e.code === 'SAFETY');
      expect(safety.map((e) => e.assessmentId)).toEqual([second, first]); // newest first
      expect(safety[0]).toMatchObject({
        clearedHow: 'safety_follow_up',
        clearedBy: { id: a.careManager.id },
        raisedEvidence: 'PHQ-9 item 9 (safety) answered 1',
        safetyFollowUp: { id: saved.id, riskLevel: 'low', safetyPlan: 'created' },
      });
      expect(safety[0]?.clearedEvidence).toContain('low risk');
      expect(entries.find((e) => e.code === 'SAFETY_CONCERN')).toMatchObject({
        clearedHow: 'safety_follow_up',
        raisedEvidence: 'Hopeless',
      });
      const list = (await http.get(`/api/patients/${p.patientId}/safety-follow-ups`, a.pcp.auth).expect(200))
        .body as SafetyFollowUpView[];
      expect(list.map((f) => f.id)).toEqual([saved.id]);
    });

    it('does not clear a safety answer dated after the follow-up', async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
      const before = await p.score('PHQ9', '2026-03-05', 14, { item9: 1 });
      const later = await p.score('PHQ9', '2026-03-14', 14, { item9: 2 });
      const saved = (
        await http.post(`/api/patients/${p.patientId}/safety-follow-ups`, a.consultant.auth, followUp()).expect(201)
      ).body as SafetyFollowUpView;
      expect(saved.resolvedAssessmentIds).toEqual([before]);
      const safety = must((await flagsOf(a.careManager, p.patientId)).computed.find((f) => f.code === 'SAFETY'));
      expect(safety.evidence).toMatchObject({ assessments: [{ assessmentId: later }] });
    });

    it('refuses free text alone and invalid fields with a 400 naming the field, changing nothing', async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
      await p.score('PHQ9', '2026-03-05', 14, { item9: 1 });
      const url = `/api/patients/${p.patientId}/safety-follow-ups`;
      const noteOnly = await http.post(url, a.careManager.auth, { note: 'Called, patient fine' }).expect(400);
      expect(JSON.stringify(noteOnly.body)).toContain('riskLevel');
      const { riskLevel: _omit, ...withoutRisk } = followUp();
      expect(JSON.stringify((await http.post(url, a.careManager.auth, withoutRisk).expect(400)).body)).toContain(
        'riskLevel',
      );
      expect(
        JSON.stringify((await http.post(url, a.careManager.auth, followUp({ riskLevel: 'maybe' })).expect(400)).body),
      ).toContain('riskLevel');
      expect(
        JSON.stringify(
          (await http.post(url, a.careManager.auth, followUp({ nextContactOn: '2026-03-11' })).expect(400)).body,
        ),
      ).toContain('nextContactOn');
      expect(
        JSON.stringify(
          (await http.post(url, a.careManager.auth, followUp({ performedAt: '2026-03-20T15:00:00Z' })).expect(400))
            .body,
        ),
      ).toContain('performedAt');
      expect(await followUpCount(p.patientId)).toBe(0);
      expect(codes(await flagsOf(a.careManager, p.patientId))).toContain('SAFETY');
    });

    it('answers 404 for another clinic or caseload and 403 for the PCP', async () => {
      const other = await EpisodeBuilder.create(t.db, b, { enrolledOn: '2026-03-01' });
      const mine = await EpisodeBuilder.create(t.db, a, {
        enrolledOn: '2026-03-01',
        careManagerId: a.otherCareManager.id,
      });
      await http.post(`/api/patients/${other.patientId}/safety-follow-ups`, a.careManager.auth, followUp()).expect(404);
      await http.get(`/api/patients/${other.patientId}/flag-history`, a.careManager.auth).expect(404);
      await http.post(`/api/patients/${mine.patientId}/safety-follow-ups`, a.careManager.auth, followUp()).expect(404);
      await http.post(`/api/patients/${mine.patientId}/safety-follow-ups`, a.pcp.auth, followUp()).expect(403);
      expect(await followUpCount(other.patientId)).toBe(0);
      expect(await followUpCount(mine.patientId)).toBe(0);
    });
  });

  describe('review requests and manual flags', () => {
    it("the consultant's review clears the review request, naming the review, audited", async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-02-01' });
      const flag = (
        await http
          .post(`/api/patients/${p.patientId}/flags`, a.careManager.auth, { code: 'DISCUSS_WITH_CONSULTANT' })
          .expect(201)
      ).body as ManualFlagView;
      const review = await http
        .post(`/api/review/episodes/${p.episodeId}/reviews`, a.consultant.auth, { weekOf: TODAY, recommendations: [] })
        .expect(201);
      const reviewId = (review.body as { id: string }).id;
      const row = must(
        (
          await t.db.query(
            `SELECT m.resolved_by, m.resolution_note, m.resolved_by_review_id, e.review_requested_at
             FROM manual_flag m JOIN episode e ON e.id = m.episode_id WHERE m.id = $1`,
            [flag.id],
          )
        )[0] as {
          resolved_by: string;
          resolution_note: string;
          resolved_by_review_id: string;
          review_requested_at: null;
        },
      );
      expect(row).toMatchObject({
        resolved_by: a.consultant.id,
        resolved_by_review_id: reviewId,
        review_requested_at: null,
      });
      expect(row.resolution_note).toContain('review');
      expect(codes(await flagsOf(a.careManager, p.patientId))).not.toContain('DISCUSS_WITH_CONSULTANT');
      const audit = (await auditRows(t, a.clinicId, 'flag.resolve')).filter((r) => r.resource_id === flag.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: a.consultant.id, details: { via: 'review', reviewId } });
      expect((await history(a.careManager, p.patientId))[0]).toMatchObject({
        code: 'DISCUSS_WITH_CONSULTANT',
        clearedHow: 'review',
        clearedBy: { id: a.consultant.id },
      });
    });

    it('a manual flag resolved by hand shows in the history with its reason', async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-02-01' });
      const flag = (
        await http
          .post(`/api/patients/${p.patientId}/flags`, a.careManager.auth, { code: 'SAFETY_CONCERN' })
          .expect(201)
      ).body as ManualFlagView;
      await http
        .post(`/api/flags/${flag.id}/resolve`, a.careManager.auth, { version: flag.version, note: 'Seen in clinic' })
        .expect(200);
      expect((await history(a.careManager, p.patientId))[0]).toMatchObject({
        manualFlagId: flag.id,
        clearedHow: 'resolved',
        clearedEvidence: 'Seen in clinic',
      });
    });
  });

  describe('corrections', () => {
    const assessments = async (patientId: string) =>
      (await http.get(`/api/patients/${patientId}/assessments`, a.careManager.auth).expect(200))
        .body as AssessmentRecord[];
    const summaryLatest = async (episodeId: string) =>
      (
        (await t.db.query(`SELECT phq9_latest FROM episode_summary WHERE episode_id = $1`, [episodeId]))[0] as {
          phq9_latest: number | null;
        }
      ).phq9_latest;

    it('corrects a mistyped score: rescored, original kept, measures recomputed, audited', async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
      await p.score('PHQ9', '2026-03-02', 15);
      const typo = await p.score('PHQ9', '2026-03-12', 24);
      expect(await summaryLatest(p.episodeId)).toBe(24);

      const res = await http
        .put(`/api/assessments/${typo}`, a.careManager.auth, {
          answers: answersFor('PHQ9', 4),
          reason: 'Typed 24 for 4',
        })
        .expect(200);
      const revision = res.body as RecordRevisionView;
      expect(revision).toMatchObject({
        recordType: 'assessment',
        recordId: typo,
        action: 'corrected',
        reason: 'Typed 24 for 4',
      });
      expect(revision.original).toMatchObject({ total: 24 });
      expect((await assessments(p.patientId)).find((r) => r.id === typo)).toMatchObject({ total: 4, complete: true });
      expect(await summaryLatest(p.episodeId)).toBe(4);
      const revisions = (await http.get(`/api/patients/${p.patientId}/revisions`, a.pcp.auth).expect(200))
        .body as RecordRevisionView[];
      expect(revisions.map((r) => r.id)).toEqual([revision.id]);
      const audit = (await auditRows(t, a.clinicId, 'assessment.correct')).filter((r) => r.resource_id === typo);
      expect(audit[0]).toMatchObject({ actor_id: a.careManager.id, details: { revisionId: revision.id } });
    });

    it('refuses a correction without a reason or with a bad answer (400 naming the field), changing nothing', async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
      const id = await p.score('PHQ9', '2026-03-12', 20);
      const bad = await http
        .put(`/api/assessments/${id}`, a.careManager.auth, { answers: answersFor('PHQ9', 4) })
        .expect(400);
      expect(JSON.stringify(bad.body)).toContain('reason');
      const item = await http
        .put(`/api/assessments/${id}`, a.careManager.auth, {
          answers: { ...answersFor('PHQ9', 4), phq9_3: 7 },
          reason: 'typo',
        })
        .expect(400);
      expect(JSON.stringify(item.body)).toContain('answers.phq9_3');
      const future = await http
        .put(`/api/assessments/${id}`, a.careManager.auth, {
          answers: answersFor('PHQ9', 4),
          administeredOn: '2026-03-30',
          reason: 'typo',
        })
        .expect(400);
      expect(JSON.stringify(future.body)).toContain('administeredOn');
      expect((await assessments(p.patientId))[0]?.total).toBe(20);
      expect(await count(t, `SELECT 1 FROM record_revision WHERE record_id = $1`, [id])).toBe(0);
    });

    it('answers 404 for another clinic or caseload, 403 for the PCP', async () => {
      const other = await EpisodeBuilder.create(t.db, b, { enrolledOn: '2026-03-01' });
      const otherId = await other.score('PHQ9', '2026-03-12', 20);
      const mine = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
      const mineId = await mine.score('PHQ9', '2026-03-12', 20);
      const body = { answers: answersFor('PHQ9', 4), reason: 'typo' };
      await http.put(`/api/assessments/${otherId}`, a.careManager.auth, body).expect(404);
      await http.post(`/api/assessments/${otherId}/entered-in-error`, a.careManager.auth, { reason: 'x' }).expect(404);
      await http.put(`/api/assessments/${mineId}`, a.otherCareManager.auth, body).expect(404);
      await http.put(`/api/assessments/${mineId}`, a.pcp.auth, body).expect(403);
      await http.post(`/api/assessments/${mineId}/entered-in-error`, a.pcp.auth, { reason: 'x' }).expect(403);
      expect(await count(t, `SELECT 1 FROM record_revision WHERE record_id = ANY($1)`, [[otherId, mineId]])).toBe(0);
    });

    it('completing an incomplete form clears INCOMPLETE_FORM; entered in error clears SAFETY; both in the history', async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
      const incomplete = await p.score('PHQ9', '2026-03-05', 10, { missing: ['phq9_1'] });
      const wrong = await p.score('PHQ9', '2026-03-06', 12, { item9: 1 });
      expect(codes(await flagsOf(a.careManager, p.patientId))).toEqual(
        expect.arrayContaining(['SAFETY', 'INCOMPLETE_FORM_NEEDS_REVIEW']),
      );
      await http
        .put(`/api/assessments/${incomplete}`, a.careManager.auth, {
          answers: answersFor('PHQ9', 10),
          reason: 'Item 1 found on the paper form',
        })
        .expect(200);
      await http
        .post(`/api/assessments/${wrong}/entered-in-error`, a.consultant.auth, { reason: 'Another patient’s form' })
        .expect(200);
      const flags = codes(await flagsOf(a.careManager, p.patientId));
      expect(flags).not.toContain('INCOMPLETE_FORM_NEEDS_REVIEW');
      expect(flags).not.toContain('SAFETY');
      expect(await count(t, `SELECT 1 FROM assessment WHERE id = $1`, [wrong])).toBe(0);
      const audit = (await auditRows(t, a.clinicId, 'assessment.entered_in_error')).filter(
        (r) => r.resource_id === wrong,
      );
      expect(audit[0]).toMatchObject({ actor_id: a.consultant.id });
      const entries = await history(a.careManager, p.patientId);
      expect(entries.find((e) => e.code === 'INCOMPLETE_FORM_NEEDS_REVIEW')).toMatchObject({
        assessmentId: incomplete,
        clearedHow: 'corrected',
        clearedEvidence: 'Item 1 found on the paper form',
      });
      expect(entries.find((e) => e.code === 'SAFETY')).toMatchObject({
        assessmentId: wrong,
        clearedHow: 'entered_in_error',
        clearedBy: { id: a.consultant.id },
      });
    });

    it('corrects a contact and marks one entered in error: original kept, minutes recomputed, audited', async () => {
      const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
      const logged = async (minutes: number) =>
        (
          await http
            .post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, {
              type: 'follow_up',
              modality: 'phone',
              startedAt: '2026-03-10T14:00:00Z',
              minutes,
            })
            .expect(201)
        ).body as ContactRecord;
      const first = await logged(300);
      const duplicate = await logged(20);
      const minutes = async () =>
        Number(
          (
            (await t.db.query(`SELECT month_minutes FROM episode_summary WHERE episode_id = $1`, [p.episodeId]))[0] as {
              month_minutes: string;
            }
          ).month_minutes,
        );
      expect(await minutes()).toBe(320);
      await http
        .put(`/api/contacts/${first.id}`, a.careManager.auth, { version: first.version + 1, minutes: 30, reason: 'x' })
        .expect(409);
      expect(
        JSON.stringify(
          (
            await http
              .put(`/api/contacts/${first.id}`, a.careManager.auth, { version: first.version, minutes: 30 })
              .expect(400)
          ).body,
        ),
      ).toContain('reason');
      await http
        .put(`/api/contacts/${first.id}`, a.careManager.auth, {
          version: first.version,
          minutes: 30,
          reason: '300 was a typo',
        })
        .expect(200);
      await http
        .post(`/api/contacts/${duplicate.id}/entered-in-error`, a.careManager.auth, { reason: 'Logged twice' })
        .expect(200);
      expect(await minutes()).toBe(30);
      await http.put(`/api/contacts/${first.id}`, a.pcp.auth, { version: 2, minutes: 31, reason: 'x' }).expect(403);
      const other = await EpisodeBuilder.create(t.db, b, { enrolledOn: '2026-03-01' });
      await other.contact('2026-03-10T14:00:00Z', 20);
      const otherContact = must(
        (await t.db.query(`SELECT id FROM contact WHERE patient_id = $1`, [other.patientId]))[0] as { id: string },
      );
      await http
        .post(`/api/contacts/${otherContact.id}/entered-in-error`, a.careManager.auth, { reason: 'x' })
        .expect(404);
      const revisions = (await http.get(`/api/patients/${p.patientId}/revisions`, a.careManager.auth).expect(200))
        .body as RecordRevisionView[];
      expect(revisions.map((r) => [r.recordId, r.action])).toEqual(
        expect.arrayContaining([
          [first.id, 'corrected'],
          [duplicate.id, 'entered_in_error'],
        ]),
      );
      expect(revisions.find((r) => r.recordId === first.id)?.original).toMatchObject({ minutes: 300 });
      expect((await auditRows(t, a.clinicId, 'contact.correct')).some((r) => r.resource_id === first.id)).toBe(true);
      expect(
        (await auditRows(t, a.clinicId, 'contact.entered_in_error')).some((r) => r.resource_id === duplicate.id),
      ).toBe(true);
    });
  });

  it('gives the integrator timeline entries for follow-ups, flags and corrections', async () => {
    const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-03-01' });
    const id = await p.score('PHQ9', '2026-03-05', 14, { item9: 1 });
    await http.post(`/api/patients/${p.patientId}/safety-follow-ups`, a.careManager.auth, followUp()).expect(201);
    await http
      .post(`/api/assessments/${id}/entered-in-error`, a.careManager.auth, { reason: 'Wrong form' })
      .expect(200);
    const entries = await t.app.get(FlagHistoryService).timelineEntries(p.patientId, a.clinicId);
    expect(entries.map((e) => e.kind).sort()).toEqual(
      ['correction', 'flag_cleared', 'flag_raised', 'safety_follow_up'].sort(),
    );
    expect(entries.find((e) => e.kind === 'safety_follow_up')).toMatchObject({
      date: '2026-03-12',
      title: 'Safety follow-up: low risk',
    });

    // The shared patient timeline carries them, filtered by kind like its own sources.
    const timeline = (
      await http.get(`/api/patients/${p.patientId}/timeline?kinds=safety_follow_up,correction`, a.careManager.auth)
    ).body as PatientTimeline;
    expect(timeline.entries.map((e) => e.kind).sort()).toEqual(['correction', 'safety_follow_up']);
    const everything = (await http.get(`/api/patients/${p.patientId}/timeline`, a.pcp.auth).expect(200))
      .body as PatientTimeline;
    expect(everything.entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['safety_follow_up', 'flag_raised', 'flag_cleared', 'correction']),
    );
  });
});
