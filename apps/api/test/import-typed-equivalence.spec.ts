import { getInstrument } from '@huddle/scoring';
import { InstrumentId } from '@huddle/shared-types';
import request from 'supertest';
import { answersFor, patientsListed } from './builders';
import { createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, must, openRegistry, summaryRowsOf } from './registry-helpers';
import type { TestApp } from './test-app';

type Json = Record<string, unknown>;
type Answers = Record<string, number | null>;

/**
 * Issue #15 "imported scores raise the same flags as typed ones", end to end: the same administrations
 * entered for twin patients (same episode, same caseload) four ways — a FHIR QuestionnaireResponse, US
 * Core Observations (panel, items, total), a CSV file and typed through POST /api/patients/:id/assessments
 * — leave equal assessment rows (items, total, severity, positive screen, completeness, item-9 safety
 * risk), equal computed flags (SAFETY from item 9 > 0, NOT_IMPROVING after < 50% improvement at
 * week ≥ 10; clinical-reference.md §Measurement-based care rules) and equal episode summaries; each
 * path leaves its own audit trail.
 */
describe('Import ≡ typed entry: FHIR QuestionnaireResponse, FHIR Observations, CSV and typed scores', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, http } = await openRegistry());
  });
  afterAll(() => t.close());

  /** Enrolled 2025-12-01: TODAY (2026-03-16) is week 15 of treatment. */
  const ENROLLED = '2025-12-01';
  /** The administrations every twin receives, oldest first. */
  const SCORES: Array<{ instrument: InstrumentId; date: string; answers: Answers }> = [
    // Baseline PHQ-9 20 with item 9 answered 1.
    { instrument: InstrumentId.PHQ9, date: '2025-12-01', answers: answersFor(InstrumentId.PHQ9, 20, { item9: 1 }) },
    { instrument: InstrumentId.GAD7, date: '2025-12-01', answers: answersFor(InstrumentId.GAD7, 16) },
    // Week 14: PHQ-9 15 (25% better: not improving), item 9 still 2; one GAD-7 item left blank.
    { instrument: InstrumentId.PHQ9, date: '2026-03-09', answers: answersFor(InstrumentId.PHQ9, 15, { item9: 2 }) },
    {
      instrument: InstrumentId.GAD7,
      date: '2026-03-09',
      answers: answersFor(InstrumentId.GAD7, 9, { missing: ['gad7_7'] }),
    },
  ];
  const sumOf = (answers: Answers): number => Object.values(answers).reduce<number>((s, v) => s + (v ?? 0), 0);
  const completeOf = (answers: Answers): boolean => Object.values(answers).every((v) => v !== null);

  const mrnSystem = `urn:huddle:clinic:`;
  const subjectOf = (mrn: string): Json => ({ reference: `Patient?identifier=${mrnSystem}${a.clinicId}:mrn|${mrn}` });
  const entry = (resource: Json): Json => ({
    resource,
    request: { method: 'POST', url: String(resource['resourceType']) },
  });
  const postFhir = (body: Json) =>
    request(t.app.getHttpServer())
      .post('/fhir/R4')
      .set('Authorization', a.careManager.auth)
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(body));

  const postCsv = (mrn: string) =>
    request(t.app.getHttpServer())
      .post('/api/imports/csv')
      .set('Authorization', a.careManager.auth)
      .set('Content-Type', 'text/csv')
      .send(csvOf(mrn))
      .expect(200);

  /** Every score typed through the assessment form, one request each. */
  const typeScores = async (patientId: string): Promise<void> => {
    for (const s of SCORES) {
      await http
        .post(`/api/patients/${patientId}/assessments`, a.careManager.auth, {
          instrument: s.instrument,
          administeredOn: s.date,
          source: 'clinic',
          answers: s.answers,
        })
        .expect(201);
    }
  };

  /** A QuestionnaireResponse: items as LOINC answer codes (even items as ordinals), total stated when complete. */
  const questionnaireResponse = (mrn: string, s: (typeof SCORES)[number]): Json => {
    const definition = getInstrument(s.instrument);
    return {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: `http://loinc.org/q/${String(definition.panelLoinc)}`,
      subject: subjectOf(mrn),
      authored: `${s.date}T15:00:00Z`,
      item: [
        ...definition.items.flatMap((item, i) => {
          const value = s.answers[item.id];
          if (value === null || value === undefined) return [];
          const code = item.options.find((o) => o.value === value)?.loinc;
          return [
            {
              linkId: `/${String(item.loinc)}`,
              answer: [
                i % 2 === 0 && code ? { valueCoding: { system: 'http://loinc.org', code } } : { valueInteger: value },
              ],
            },
          ];
        }),
        ...(completeOf(s.answers)
          ? [{ linkId: String(definition.totalLoinc), answer: [{ valueInteger: sumOf(s.answers) }] }]
          : []),
      ],
    };
  };

  /** US Core screening-assessment Observations of one administration: panel, one per answered item, total. */
  const observations = (mrn: string, s: (typeof SCORES)[number]): Json[] => {
    const definition = getInstrument(s.instrument);
    const base = (code: string): Json => ({
      resourceType: 'Observation',
      status: 'final',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] },
      ],
      code: { coding: [{ system: 'http://loinc.org', code }] },
      subject: subjectOf(mrn),
      effectiveDateTime: `${s.date}T15:00:00Z`,
    });
    const items = definition.items.flatMap((item) => {
      const value = s.answers[item.id];
      const code = item.options.find((o) => o.value === value)?.loinc;
      if (value === null || value === undefined || !code) return [];
      return [
        {
          ...base(String(item.loinc)),
          valueCodeableConcept: { coding: [{ system: 'http://loinc.org', code }] },
        },
      ];
    });
    const total = completeOf(s.answers)
      ? [{ ...base(String(definition.totalLoinc)), valueInteger: sumOf(s.answers) }]
      : [];
    return [base(String(definition.panelLoinc)), ...items, ...total];
  };

  const csvOf = (mrn: string): string => {
    const phq9 = getInstrument(InstrumentId.PHQ9).items.map((item) => item.id);
    const gad7 = getInstrument(InstrumentId.GAD7).items.map((item) => item.id);
    const header = ['mrn', 'given_name', 'family_name', 'birth_date', 'date', 'instrument', ...phq9, ...gad7, 'total'];
    const rows = SCORES.map((s) => {
      const cells = [...phq9, ...gad7].map((id) => {
        const value = s.answers[id];
        return value === null || value === undefined ? '' : String(value);
      });
      const name = s.instrument === InstrumentId.PHQ9 ? 'PHQ-9' : 'GAD-7';
      return [mrn, '', '', '', s.date, name, ...cells, completeOf(s.answers) ? String(sumOf(s.answers)) : ''].join(',');
    });
    return [header.join(','), ...rows].join('\n') + '\n';
  };

  /** Everything the four paths must agree on for one patient, with its own ids replaced by placeholders. */
  const outcomeOf = async (patientId: string): Promise<Json> => {
    const rows: Json[] = await t.db.query(
      `SELECT id, episode_id, instrument, administered_on::text AS administered_on, answers, total, severity,
         positive_screen, complete, safety_risk, clinic_id
       FROM assessment WHERE patient_id = $1 ORDER BY administered_on, instrument`,
      [patientId],
    );
    const episodes: Array<{ id: string }> = await t.db.query(`SELECT id FROM episode WHERE patient_id = $1`, [
      patientId,
    ]);
    const ids = new Map<string, string>([[patientId, '<patient>']]);
    episodes.forEach((e, i) => ids.set(e.id, `<episode ${i}>`));
    rows.forEach((r, i) => ids.set(String(r['id']), `<assessment ${i}>`));
    const flags = await http.get(`/api/patients/${patientId}/flags`, a.careManager.auth).expect(200);
    const summaries = await summaryRowsOf(t, 'episode_summary', [patientId]);
    const computed = await summaryRowsOf(t, 'episode_summary_source', [patientId]);
    return anonymise(
      {
        assessments: rows,
        flags: flags.body.computed,
        summaries: summaries.map((s) => withoutVolatile(s.row)),
        summariesAsTriggersComputeThem: computed.map((s) => withoutVolatile(s.row)),
      },
      ids,
    ) as Json;
  };

  it('stores equal scores, raises equal flags and leaves equal summaries whichever way the scores came in', async () => {
    const twin = () => createPatient(t.db, a, { careManagerId: a.careManager.id, enrolledOn: ENROLLED });
    const [qr, obs, csv, typed] = [await twin(), await twin(), await twin(), await twin()];

    // 1. FHIR QuestionnaireResponses (a transaction Bundle).
    const qrRes = await postFhir({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: SCORES.map((s) => entry(questionnaireResponse(qr.mrn, s))),
    }).expect(200);
    expect(qrRes.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(
      SCORES.map(() => '201 Created'),
    );
    // 2. FHIR Observations (a batch Bundle).
    const obsRes = await postFhir({
      resourceType: 'Bundle',
      type: 'batch',
      entry: SCORES.flatMap((s) => observations(obs.mrn, s)).map(entry),
    }).expect(200);
    const obsStatuses = new Set(obsRes.body.entry.map((e: { response: { status: string } }) => e.response.status));
    expect([...obsStatuses]).toEqual(['201 Created']);
    // 3. CSV.
    const csvRes = await postCsv(csv.mrn);
    expect(csvRes.body).toMatchObject({ rowsFailed: 0, assessmentsCreated: SCORES.length, errors: [] });
    // 4. Typed, one form at a time.
    await typeScores(typed.patientId);

    const expected = await outcomeOf(typed.patientId);
    // The typed twin is what the rules say (so the comparison is not of four equally wrong results).
    const assessments = expected['assessments'] as Json[];
    expect(
      assessments.map((r) => [r['instrument'], r['total'], r['severity'], r['complete'], r['safety_risk']]),
    ).toEqual([
      ['GAD7', 16, 'severe', true, false],
      ['PHQ9', 20, 'severe', true, true],
      ['GAD7', null, null, false, false],
      ['PHQ9', 15, 'moderately_severe', true, true],
    ]);
    expect(assessments.every((r) => r['episode_id'] === '<episode 0>')).toBe(true);
    const codes = (expected['flags'] as Array<{ code: string }>).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['SAFETY', 'NOT_IMPROVING']));
    expect(expected['summaries']).toEqual(expected['summariesAsTriggersComputeThem']);
    expect((expected['summaries'] as Json[]).length).toBe(1);

    for (const [path, twinPatient] of [
      ['FHIR QuestionnaireResponse', qr],
      ['FHIR Observation', obs],
      ['CSV', csv],
    ] as const) {
      const outcome = await outcomeOf(twinPatient.patientId);
      expect({ path, ...outcome }).toEqual({ path, ...expected });
    }

    // Sources: the imports say so, the typed form keeps what the care manager chose.
    const sources: Array<{ patient_id: string; source: string; n: number }> = await t.db.query(
      `SELECT patient_id, source, count(*)::int AS n FROM assessment WHERE patient_id = ANY($1::uuid[])
       GROUP BY patient_id, source`,
      [[qr.patientId, obs.patientId, csv.patientId, typed.patientId]],
    );
    expect(new Map(sources.map((s) => [s.patient_id, [s.source, s.n]]))).toEqual(
      new Map([
        [qr.patientId, ['import', SCORES.length]],
        [obs.patientId, ['import', SCORES.length]],
        [csv.patientId, ['import', SCORES.length]],
        [typed.patientId, ['clinic', SCORES.length]],
      ]),
    );
  });

  it('leaves each path its audit rows: one per Bundle or file listing the patient, one per typed score', async () => {
    const twin = () => createPatient(t.db, a, { careManagerId: a.careManager.id, enrolledOn: ENROLLED });
    const [qr, csv, typed] = [await twin(), await twin(), await twin()];
    const before = (await auditRows(t, a.clinicId)).length;

    await postFhir({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: SCORES.map((s) => entry(questionnaireResponse(qr.mrn, s))),
    }).expect(200);
    await postCsv(csv.mrn);
    await typeScores(typed.patientId);

    const written = (await auditRows(t, a.clinicId)).slice(before);
    const actions = written.map((r) => r.action).filter((action) => !action.startsWith('access.'));
    expect(actions).toEqual(['import.fhir', 'import.csv', ...SCORES.map(() => 'assessment.create')]);
    for (const row of written) expect(row).toMatchObject({ actor_id: a.careManager.id, outcome: 'success' });

    const fhir = must(written.find((r) => r.action === 'import.fhir'));
    expect(fhir.details).toMatchObject({ bundleType: 'transaction', entries: SCORES.length, assessmentsCreated: 4 });
    expect(await patientsListed(t.db, fhir.details)).toEqual([qr.patientId]);

    const file = must(written.find((r) => r.action === 'import.csv'));
    expect(file.details).toMatchObject({ assessmentsCreated: SCORES.length });
    expect(await patientsListed(t.db, file.details)).toEqual([csv.patientId]);

    const created: Array<{ id: string }> = await t.db.query(
      `SELECT id FROM assessment WHERE patient_id = $1 ORDER BY created_at, id`,
      [typed.patientId],
    );
    const typedRows = written.filter((r) => r.action === 'assessment.create');
    expect(typedRows.map((r) => r.patient_id)).toEqual(SCORES.map(() => typed.patientId));
    expect(new Set(typedRows.map((r) => r.resource_id))).toEqual(new Set(created.map((c) => c.id)));
    // No PHI in any of them: neither the MRNs nor the answers.
    const text = JSON.stringify(written);
    for (const mrn of [qr.mrn, csv.mrn, typed.mrn]) expect(text).not.toContain(mrn);
    expect(text).not.toContain('phq9_9');
  });
});

/** Drops columns that legitimately differ between rows written at different instants. */
function withoutVolatile(row: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...row };
  for (const key of ['updated_at', 'refreshed_at', 'computed_at']) delete copy[key];
  return copy;
}

/** `value` with every id of `ids` (anywhere in a string) replaced by its placeholder. */
function anonymise(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const [id, placeholder] of ids) out = out.split(id).join(placeholder);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => anonymise(v, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, anonymise(v, ids)]));
  }
  return value;
}
