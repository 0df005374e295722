import { getInstrument, scoreAssessment, type InstrumentItem } from '@huddle/scoring';
import { InstrumentId } from '@huddle/shared-types';
import request from 'supertest';
import { answersFor, patientsListed } from './builders';
import { createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, must, openRegistry, summaryRowsOf } from './registry-helpers';
import type { TestApp } from './test-app';

type Json = Record<string, unknown>;
type Answers = Record<string, number | null>;
/** One administration: item answers, or (`totalOnly`) just a stated total with no items. */
interface Score {
  instrument: InstrumentId;
  date: string;
  answers: Answers;
  totalOnly?: number;
}

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
  const SCORES: Score[] = [
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

  const postCsv = (mrn: string, scores: readonly Score[] = SCORES) =>
    request(t.app.getHttpServer())
      .post('/api/imports/csv')
      .set('Authorization', a.careManager.auth)
      .set('Content-Type', 'text/csv')
      .send(csvOf(mrn, scores))
      .expect(200);

  /** Every score typed through the assessment form, one request each. */
  const typeScores = async (patientId: string, scores: readonly Score[] = SCORES): Promise<void> => {
    for (const s of scores) {
      if (s.totalOnly !== undefined) throw new Error('the typed form carries items, not a bare total');
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

  /**
   * A QuestionnaireResponse: items as LOINC answer codes (even items as ordinals), total stated when
   * complete and the instrument has a total code; a total-only score carries just the total. Items
   * without a LOINC code in `@huddle/scoring` are linked by {@link itemCode}. The questionnaire is named
   * by its panel code, or by name where the instrument has none (GAD-2).
   */
  const questionnaireResponse = (mrn: string, s: Score): Json => {
    const definition = getInstrument(s.instrument);
    const total = s.totalOnly ?? (completeOf(s.answers) ? sumOf(s.answers) : null);
    return {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: definition.panelLoinc
        ? `http://loinc.org/q/${definition.panelLoinc}`
        : `http://example.org/fhir/Questionnaire/${definition.name.toLowerCase()}`,
      subject: subjectOf(mrn),
      authored: `${s.date}T15:00:00Z`,
      item: [
        ...definition.items.flatMap((item, i) => {
          const value = s.answers[item.id];
          if (value === null || value === undefined) return [];
          const code = item.options.find((o) => o.value === value)?.loinc;
          return [
            {
              linkId: `/${itemCode(item, 'qr')}`,
              answer: [
                i % 2 === 0 && code ? { valueCoding: { system: 'http://loinc.org', code } } : { valueInteger: value },
              ],
            },
          ];
        }),
        ...(total !== null && definition.totalLoinc
          ? [{ linkId: definition.totalLoinc, answer: [{ valueInteger: total }] }]
          : []),
      ],
    };
  };

  /**
   * US Core screening-assessment Observations of one administration: panel (where the instrument has a
   * panel code), one per answered item (answer codes where the option has one, else the ordinal), total
   * (where it has a total code and the form is complete); a total-only score is panel and total.
   */
  const observations = (mrn: string, s: Score): Json[] => {
    const definition = getInstrument(s.instrument);
    const base = (code: string): Json => ({
      resourceType: 'Observation',
      status: 'final',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] },
      ],
      code: { coding: [{ system: code.includes('-') ? 'http://loinc.org' : ITEM_ID_SYSTEM, code }] },
      subject: subjectOf(mrn),
      effectiveDateTime: `${s.date}T15:00:00Z`,
    });
    const items = definition.items.flatMap((item) => {
      const value = s.answers[item.id];
      if (value === null || value === undefined) return [];
      const code = item.options.find((o) => o.value === value)?.loinc;
      return [
        {
          ...base(itemCode(item, 'observation')),
          ...(code
            ? { valueCodeableConcept: { coding: [{ system: 'http://loinc.org', code }] } }
            : { valueInteger: value }),
        },
      ];
    });
    const totalValue = s.totalOnly ?? (completeOf(s.answers) ? sumOf(s.answers) : null);
    const total =
      totalValue !== null && definition.totalLoinc
        ? [{ ...base(definition.totalLoinc), valueInteger: totalValue }]
        : [];
    const panel = definition.panelLoinc ? [base(definition.panelLoinc)] : [];
    return [...panel, ...items, ...total];
  };

  /** A CSV file of `scores`: one column per item of the instruments it holds (header = item id), and a total. */
  const csvOf = (mrn: string, scores: readonly Score[]): string => {
    const instruments = [...new Set(scores.map((s) => s.instrument))];
    const itemIds = instruments.flatMap((id) => getInstrument(id).items.map((item) => item.id));
    const header = ['mrn', 'given_name', 'family_name', 'birth_date', 'date', 'instrument', ...itemIds, 'total'];
    const rows = scores.map((s) => {
      const cells = itemIds.map((id) => {
        const value = s.answers[id];
        return value === null || value === undefined ? '' : String(value);
      });
      const total = s.totalOnly ?? (completeOf(s.answers) ? sumOf(s.answers) : null);
      const name = getInstrument(s.instrument).name;
      return [mrn, '', '', '', s.date, name, ...cells, total === null ? '' : String(total)].join(',');
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

  /** Twins of one episode each, scored four ways (or three: see {@link enterBy}). */
  const twins = async (n: number) => {
    const made = [];
    for (let i = 0; i < n; i += 1) {
      made.push(await createPatient(t.db, a, { careManagerId: a.careManager.id, enrolledOn: ENROLLED }));
    }
    return made;
  };

  /** Enters `scores` for the QuestionnaireResponse, Observation and CSV twins; every entry must be created. */
  const enterBy = async (
    scores: readonly Score[],
    twin: { qr: { mrn: string }; obs: { mrn: string }; csv: { mrn: string } },
  ): Promise<void> => {
    const qrRes = await postFhir({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: scores.map((s) => entry(questionnaireResponse(twin.qr.mrn, s))),
    }).expect(200);
    expect(qrRes.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(
      scores.map(() => '201 Created'),
    );
    const obsRes = await postFhir({
      resourceType: 'Bundle',
      type: 'batch',
      entry: scores.flatMap((s) => observations(twin.obs.mrn, s)).map(entry),
    }).expect(200);
    const obsStatuses = obsRes.body.entry.map(
      (e: { response: { status: string; outcome?: unknown } }) => e.response.outcome ?? e.response.status,
    );
    expect(new Set(obsStatuses)).toEqual(new Set(['201 Created']));
    const csvRes = await postCsv(twin.csv.mrn, scores);
    expect(csvRes.body).toMatchObject({ rowsFailed: 0, assessmentsCreated: scores.length, errors: [] });
  };

  it('PHQ-2 (beside a PHQ-9), GAD-2, PCL-5 and AUDIT-C items come in equal by every path, answer codes or ordinals', async () => {
    // clinical-reference.md §Instruments: PHQ-2/GAD-2 ≥ 3 positive, PCL-5 probable PTSD at the cut-off,
    // AUDIT-C ≥ 4 (no sex given: the default cut-off). AUDIT-C item 1 has no LOINC code in the library:
    // the QuestionnaireResponses link it as 68518-0 (LOINC), the Observations as 68517-2 (US Core's example);
    // its answers are LL2179-1 codes. PCL-5 items have no LOINC code in the library: linked by item id
    // (pcl5_1…), answers as the PCL-5 answer codes (LA6568-5, LA13863-8, LA13939-6, LA13902-4, LA14868-6) or
    // ordinals. GAD-2 has no panel or total code (clinical-reference.md "(verify)"): its QuestionnaireResponse
    // is named by the questionnaire's name and states no total, its Observations are the items alone.
    // AUDIT-C monthly, administration k answering option k of item 1 (each LL2179-1 code once) and options
    // k+2, k+4 (mod 5) of items 2 and 3: every answer of every AUDIT-C item occurs.
    const auditDates = ['2025-12-01', '2025-12-29', '2026-01-26', '2026-02-23', '2026-03-09'];
    const auditc: Score[] = auditDates.map((date, k) => ({
      instrument: InstrumentId.AUDITC,
      date,
      answers: { auditc_1: k, auditc_2: (k + 2) % 5, auditc_3: (k + 4) % 5 },
    }));
    const pcl5Items = getInstrument(InstrumentId.PCL5).items.map((item) => item.id);
    const pcl5 = (values: readonly number[]): Answers =>
      Object.fromEntries(pcl5Items.map((id, i) => [id, values[i % values.length] ?? 0]));
    const scores: Score[] = [
      // A positive PHQ-2 and the PHQ-9 it led to, the same visit (their first two items share LOINC codes).
      { instrument: InstrumentId.PHQ2, date: '2025-12-01', answers: answersFor(InstrumentId.PHQ2, 4) },
      { instrument: InstrumentId.PHQ9, date: '2025-12-01', answers: spread(InstrumentId.PHQ9, 14) },
      { instrument: InstrumentId.GAD2, date: '2025-12-01', answers: answersFor(InstrumentId.GAD2, 2) },
      // PCL-5 40 at baseline (every answer 4…0 four times).
      { instrument: InstrumentId.PCL5, date: '2025-12-01', answers: pcl5([4, 3, 2, 1, 0]) },
      // Week 9: one PCL-5 item left blank, the answered ones below the cut-off (no total, no screen result).
      { instrument: InstrumentId.PCL5, date: '2026-02-02', answers: { ...pcl5([2, 1, 1]), pcl5_20: null } },
      { instrument: InstrumentId.PCL5, date: '2026-03-09', answers: pcl5([0, 1, 2]) },
      { instrument: InstrumentId.GAD2, date: '2026-03-09', answers: answersFor(InstrumentId.GAD2, 3) },
      ...auditc,
    ];
    // Each answer code is read (and each ordinal, on the odd items of the QuestionnaireResponses).
    for (const item of getInstrument(InstrumentId.AUDITC).items) {
      const used = new Set(auditc.map((s) => s.answers[item.id]));
      expect(item.options.filter((o) => !used.has(o.value)).map((o) => o.loinc)).toEqual([]);
    }
    const pcl5Used = new Set(
      scores.filter((s) => s.instrument === InstrumentId.PCL5).flatMap((s) => Object.values(s.answers)),
    );
    expect(getInstrument(InstrumentId.PCL5).items[0]?.options.filter((o) => !pcl5Used.has(o.value))).toEqual([]);
    const [qr, obs, csv, typed] = await twins(4);
    await enterBy(scores, { qr: must(qr), obs: must(obs), csv: must(csv) });
    await typeScores(must(typed).patientId, scores);

    const expected = await outcomeOf(must(typed).patientId);
    // The typed twin is what the library scores (so the comparison is not of four equally wrong results).
    const ordered = [...scores].sort(
      (x, y) => x.date.localeCompare(y.date) || x.instrument.localeCompare(y.instrument),
    );
    expect(
      (expected['assessments'] as Json[]).map((r) => [
        r['instrument'],
        r['total'],
        r['severity'],
        r['positive_screen'],
        r['complete'],
      ]),
    ).toEqual(
      ordered.map((s) => {
        const score = scoreAssessment(s.instrument, s.answers);
        return [s.instrument, score.total, score.severity?.code ?? null, score.positiveScreen, score.complete];
      }),
    );
    // Both answers of each kind occur: positive and negative screens, a missing item.
    expect(new Set((expected['assessments'] as Json[]).map((r) => r['positive_screen']))).toEqual(
      new Set([true, false, null]),
    );
    expect(expected['summaries']).toEqual(expected['summariesAsTriggersComputeThem']);

    for (const [path, twinPatient] of [
      ['FHIR QuestionnaireResponse', qr],
      ['FHIR Observation', obs],
      ['CSV', csv],
    ] as const) {
      const outcome = await outcomeOf(must(twinPatient).patientId);
      expect({ path, ...outcome }).toEqual({ path, ...expected });
    }
  });

  it('total-only scores come in equal by FHIR and CSV, and score as the same items typed would', async () => {
    // A bare total: PHQ-9 44261-6, GAD-7 70274-6, PHQ-2 55758-7, PCL-5 101698-9, AUDIT-C 75626-2 (US Core's
    // example). The typed form cannot carry a total without items (POST …/assessments needs answers), so
    // the typed twin types items that sum to the same totals (no PHQ-9 item 9: a bare total carries no
    // safety signal) and everything but the item answers must match. GAD-2 has no total code (FHIR cannot
    // carry a bare GAD-2 total): only the CSV path carries it, checked against the typed items below.
    const totals: Array<[InstrumentId, string, number]> = [
      [InstrumentId.PHQ9, '2025-12-01', 19],
      [InstrumentId.GAD7, '2025-12-01', 12],
      [InstrumentId.PHQ2, '2025-12-01', 4],
      [InstrumentId.PCL5, '2025-12-01', 38],
      [InstrumentId.AUDITC, '2025-12-01', 5],
      [InstrumentId.PHQ9, '2026-01-12', 16],
      [InstrumentId.PCL5, '2026-03-09', 31],
      [InstrumentId.PHQ9, '2026-03-09', 4],
      [InstrumentId.AUDITC, '2026-03-09', 2],
    ];
    const bare: Score[] = totals.map(([instrument, date, total]) => ({
      instrument,
      date,
      answers: {},
      totalOnly: total,
    }));
    const itemised: Score[] = totals.map(([instrument, date, total]) => ({
      instrument,
      date,
      answers: answersFor(instrument, total), // fills the other items first: PHQ-9 item 9 stays 0
    }));
    const [qr, obs, csv, typed] = await twins(4);
    await enterBy(bare, { qr: must(qr), obs: must(obs), csv: must(csv) });
    await typeScores(must(typed).patientId, itemised);

    const expected = await outcomeOf(must(typed).patientId);
    const expectedRows = expected['assessments'] as Json[];
    expect(expectedRows.map((r) => [r['instrument'], r['total']])).toEqual(
      [...totals]
        .sort((x, y) => x[1].localeCompare(y[1]) || x[0].localeCompare(y[0]))
        .map(([instrument, , total]) => [instrument, total]),
    );
    // The PHQ-9 totals 19 → 16 → 4 feed the episode summary; the total-only paths must leave the same one.
    expect(expected['summaries']).toEqual(expected['summariesAsTriggersComputeThem']);
    const withoutItems = (outcome: Json): Json => ({
      ...outcome,
      assessments: (outcome['assessments'] as Json[]).map((r) => ({ ...r, answers: '<not carried>' })),
    });
    for (const [path, twinPatient] of [
      ['FHIR QuestionnaireResponse', qr],
      ['FHIR Observation', obs],
      ['CSV', csv],
    ] as const) {
      const outcome = await outcomeOf(must(twinPatient).patientId);
      expect((outcome['assessments'] as Json[]).every((r) => JSON.stringify(r['answers']) === '{}')).toBe(true);
      expect({ path, ...withoutItems(outcome) }).toEqual({ path, ...withoutItems(expected) });
    }

    // GAD-2, CSV only: a bare total and the items that sum to it score alike (total, screen, completeness).
    const [gadCsv, gadTyped] = await twins(2);
    const gad2: Array<[string, number]> = [
      ['2025-12-01', 5],
      ['2026-03-09', 1],
    ];
    const csvRes = await postCsv(
      must(gadCsv).mrn,
      gad2.map(([date, total]) => ({ instrument: InstrumentId.GAD2, date, answers: {}, totalOnly: total })),
    );
    expect(csvRes.body).toMatchObject({ rowsFailed: 0, assessmentsCreated: gad2.length });
    await typeScores(
      must(gadTyped).patientId,
      gad2.map(([date, total]) => ({ instrument: InstrumentId.GAD2, date, answers: spread(InstrumentId.GAD2, total) })),
    );
    const [gadCsvOutcome, gadTypedOutcome] = [
      withoutItems(await outcomeOf(must(gadCsv).patientId)),
      withoutItems(await outcomeOf(must(gadTyped).patientId)),
    ];
    expect((gadTypedOutcome['assessments'] as Json[]).map((r) => r['positive_screen'])).toEqual([true, false]);
    expect(gadCsvOutcome).toEqual(gadTypedOutcome);
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

/** The code system of Huddle item ids, for items the library gives no LOINC code (PCL-5). */
const ITEM_ID_SYSTEM = 'urn:huddle:instrument-item';

/**
 * The code an item is sent under: its LOINC code, else for AUDIT-C item 1 the two codes senders use
 * (LOINC 68518-0; US Core's example 68517-2 — instrument-codes.ts), else the Huddle item id.
 */
function itemCode(item: InstrumentItem, path: 'qr' | 'observation'): string {
  if (item.loinc) return item.loinc;
  if (item.id === 'auditc_1') return path === 'qr' ? '68518-0' : '68517-2';
  return item.id;
}

/**
 * Answers summing to `total`, spread evenly over the scored items (so middle options occur too, unlike
 * `answersFor`, which fills items to their maximum first).
 */
function spread(instrument: InstrumentId, total: number): Answers {
  const items = getInstrument(instrument).items.filter((item) => item.scored);
  const answers: Answers = {};
  let remaining = total;
  items.forEach((item, index) => {
    const value = Math.min(item.max, Math.ceil(remaining / (items.length - index)));
    answers[item.id] = value;
    remaining -= value;
  });
  if (remaining !== 0) throw new Error(`cannot spread ${total} over ${instrument}`);
  return answers;
}

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
