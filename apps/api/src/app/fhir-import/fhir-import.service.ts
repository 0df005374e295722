import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SocialNeedsService } from '../integrated-care/social-needs.service';
import { AccessService, type SqlFragment } from '../auth/access.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import type { Actor } from '../common/request-actor';
import {
  readBundle,
  type PatientInput,
  type ReadBundle,
  type SocialNeedsInput,
  type SubjectRef,
} from './bundle-entries';
import { ImportProblem } from './fhir-values';
import { timeOrderedUuid } from './time-ordered-id';
import {
  ImportRepository,
  type AssessmentRow,
  type ClinicalEventRow,
  type ImportPatientRow,
  type NewPatientRow,
} from './import.repository';
import { bundleResponse, operationOutcome, type EntryResult, type FhirResource } from './operation-outcome';
import { scoreCandidate, scoreContentKey } from './score-candidate';
import { refreshImportSummaries, suspendSummaryTriggers } from './summary-refresh.sql';
import { rejudgeSexSpecificScreens, SEX_CUTOFFS_BEYOND_DEFAULT } from '../assessments/sex-specific-screens.sql';

/** What `POST /fhir/R4` answers: the HTTP status and a Bundle or OperationOutcome. */
export interface FhirImportResult {
  status: number;
  body: FhirResource;
}

/** A transaction refused as a whole: nothing was written. */
class TransactionRefused extends Error {
  constructor(readonly problems: Map<number, ImportProblem>) {
    super('transaction refused');
  }
}

/** The patient an entry resolved to. */
interface ResolvedPatient {
  id: string;
  birthDate: string;
  created: boolean;
}

/**
 * FHIR batch and transaction Bundles into the registry (issue #15):
 * - Patient matched on the clinic's MRN identifier (`import.repository` `ImportClinic.mrnSystem`, or
 *   type MR when the clinic allows), created with a referred episode when absent;
 * - QuestionnaireResponse / Observation (PHQ-9, GAD-7, PHQ-2, GAD-2, PCL-5, AUDIT-C, item-level or
 *   total-only) scored by `@huddle/scoring` as typed scores are and stored with `source = 'import'`;
 * - Condition, Encounter, Procedure, ServiceRequest as coded clinical events (quality measures).
 * Idempotent: each loaded resource leaves an `import_key` (its identifier, or a content hash per
 * patient), found again on a second import. A transaction is all-or-nothing in one database
 * transaction; a batch answers per entry. One audit row per Bundle lists the counts and the patients.
 */
@Injectable()
export class FhirImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly imports: ImportRepository,
    private readonly access: AccessService,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly socialNeeds: SocialNeedsService,
  ) {}

  async importBundle(actor: Actor, body: unknown): Promise<FhirImportResult> {
    try {
      return await this.db.transaction(async (em) => this.run(em, actor, body));
    } catch (error) {
      if (error instanceof TransactionRefused) {
        return { status: 400, body: operationOutcome([...error.problems.values()]) };
      }
      if (error instanceof ImportProblem) return { status: error.status, body: operationOutcome([error]) };
      throw error;
    }
  }

  private async run(em: EntityManager, actor: Actor, body: unknown): Promise<FhirImportResult> {
    const clinic = await this.imports.clinic(em, actor.clinicId);
    const bundle = readBundle(body, clinic);
    const today = this.calendar.dayIn(clinic.timeZone).today;
    const results = new Map<number, EntryResult>();
    const problems = bundle.problems;
    const fail = (index: number, problem: ImportProblem): void => {
      if (!problems.has(index)) problems.set(index, problem);
    };

    // 1. Patients: the Bundle's own, and those referenced by MRN or id.
    const patientsByEntry = new Map<number, PatientInput>(bundle.patients.map((p) => [p.index, p]));
    const mrns = [
      ...bundle.patients.map((p) => p.mrn),
      ...[...bundle.scores, ...bundle.events, ...bundle.socialNeeds].flatMap((e) =>
        e.subject.kind === 'mrn' ? [e.subject.mrn] : [],
      ),
    ];
    const ids = [...bundle.scores, ...bundle.events, ...bundle.socialNeeds].flatMap((e) =>
      e.subject.kind === 'id' ? [e.subject.id] : [],
    );
    const found = await this.imports.findPatients(em, actor.clinicId, unique(mrns), unique(ids), this.scope(actor));
    const byMrn = new Map(found.map((p) => [p.mrn, p]));
    const byId = new Map(found.map((p) => [p.id, p]));
    const resolvedMrns = new Map<string, ResolvedPatient>();
    const toCreate: NewPatientRow[] = [];
    for (const input of bundle.patients) {
      if (problems.has(input.index)) continue;
      const existing = byMrn.get(input.mrn);
      if (existing && !existing.inScope) {
        fail(input.index, notFound(`Bundle.entry[${input.index}].resource.identifier`));
        continue;
      }
      if (input.birthDate >= today) {
        fail(
          input.index,
          new ImportProblem(`Bundle.entry[${input.index}].resource.birthDate`, 'birthDate must be in the past'),
        );
        continue;
      }
      if (existing) {
        resolvedMrns.set(input.mrn, { id: existing.id, birthDate: existing.birthDate, created: false });
        results.set(input.index, { status: '200 OK', location: `Patient/${existing.id}` });
      } else if (!resolvedMrns.has(input.mrn)) {
        // Time-ordered: the new rows' index entries append instead of landing on random pages (time-ordered-id.ts).
        const id = timeOrderedUuid();
        resolvedMrns.set(input.mrn, { id, birthDate: input.birthDate, created: true });
        toCreate.push({
          id,
          mrn: input.mrn,
          givenName: input.givenName,
          familyName: input.familyName,
          birthDate: input.birthDate,
          gender: input.gender,
          deceasedOn: input.deceasedOn,
          referredOn: today,
        });
        results.set(input.index, { status: '201 Created', location: `Patient/${id}` });
      } else {
        results.set(input.index, { status: '200 OK', location: `Patient/${resolvedMrns.get(input.mrn)?.id ?? ''}` });
      }
    }
    const resolve = (subject: SubjectRef, path: string): ResolvedPatient => {
      if (subject.kind === 'entry') {
        const input = patientsByEntry.get(subject.index);
        const resolved = input && !problems.has(subject.index) ? resolvedMrns.get(input.mrn) : undefined;
        if (!resolved) throw new ImportProblem(path, `${path}: its Patient entry (${subject.index}) was not imported`);
        return resolved;
      }
      const row: ImportPatientRow | undefined = subject.kind === 'mrn' ? byMrn.get(subject.mrn) : byId.get(subject.id);
      const pending = subject.kind === 'mrn' ? resolvedMrns.get(subject.mrn) : undefined;
      if (pending) return pending;
      if (!row?.inScope) throw notFound(path);
      return { id: row.id, birthDate: row.birthDate, created: false };
    };

    // 2. Scores and clinical events, each keyed for idempotency.
    const assessments: Array<{ row: AssessmentRow; key: string; indexes: number[]; type: string }> = [];
    for (const score of bundle.scores) {
      try {
        const patient = resolve(score.subject, `${score.path}.subject`);
        const scored = scoreCandidate(score.candidate, score.path);
        if (scored.administeredOn > today) {
          throw new ImportProblem(
            `${score.path}`,
            `${score.path}: the administration date ${scored.administeredOn} is in the future`,
          );
        }
        if (scored.administeredOn < patient.birthDate) {
          throw new ImportProblem(`${score.path}`, `${score.path}: the administration date is before the birth date`);
        }
        const key = score.identifierKey ?? scoreContentKey(patient.id, scored);
        // Built property by property: an object literal spreading another took V8's slow path (profile).
        assessments.push({
          row: {
            id: timeOrderedUuid(),
            ord: Math.min(...score.indexes),
            patientId: patient.id,
            instrument: scored.instrument,
            administeredOn: scored.administeredOn,
            answers: scored.answers,
            total: scored.total,
            severity: scored.severity,
            positiveScreen: scored.positiveScreen,
            complete: scored.complete,
            safetyRisk: scored.safetyRisk,
            key,
            keyType: score.resourceType,
          },
          key,
          indexes: score.indexes,
          type: score.resourceType,
        });
      } catch (error) {
        if (!(error instanceof ImportProblem)) throw error;
        for (const index of score.indexes) fail(index, error);
      }
    }
    const events: Array<{ row: ClinicalEventRow; key: string; index: number; type: string }> = [];
    for (const event of bundle.events) {
      try {
        const patient = resolve(event.subject, `Bundle.entry[${event.index}].resource.subject`);
        const row: ClinicalEventRow = { id: randomUUID(), patientId: patient.id, ...event };
        const content = [
          patient.id,
          event.kind,
          event.codeSystem,
          event.code,
          event.startsOn,
          event.endsOn,
          event.resourceId,
        ].join('|');
        events.push({
          row,
          key: event.identifierKey ?? `event:${content}`,
          index: event.index,
          type: bundle.resourceTypes.get(event.index) ?? event.kind,
        });
      } catch (error) {
        if (!(error instanceof ImportProblem)) throw error;
        fail(event.index, error);
      }
    }

    // Social-needs screens (issue #17): the same needs as a screen entered on the patient page.
    const screens: Array<{ id: string; patientId: string; key: string; index: number; input: SocialNeedsInput }> = [];
    for (const input of bundle.socialNeeds) {
      const path = `Bundle.entry[${input.index}].resource`;
      try {
        const patient = resolve(input.subject, `${path}.subject`);
        if (input.candidate.screenedOn > today) {
          throw new ImportProblem(`${path}.authored`, `${path}.authored: the screen is dated in the future`);
        }
        if (input.candidate.screenedOn < patient.birthDate) {
          throw new ImportProblem(`${path}.authored`, `${path}.authored: the screen is dated before the birth date`);
        }
        const content = [patient.id, input.candidate.screenedOn, JSON.stringify(input.candidate.answers)].join('|');
        screens.push({
          id: randomUUID(),
          patientId: patient.id,
          key: input.identifierKey ?? `hrsn:${content}`,
          index: input.index,
          input,
        });
      } catch (error) {
        if (!(error instanceof ImportProblem)) throw error;
        fail(input.index, error);
      }
    }

    if (bundle.type === 'transaction' && problems.size > 0) throw new TransactionRefused(problems);

    // 3. Writes: patients (with their referred episode), then what is new by key.
    const careManagerId = actor.role === 'care_manager' ? actor.id : null;
    // Summaries once, after the last write, instead of once per statement (summary-refresh.sql.ts).
    await suspendSummaryTriggers(em);
    await this.imports.insertPatients(em, actor.clinicId, careManagerId, toCreate);
    const completed = bundle.patients.flatMap((p) => {
      const resolved = resolvedMrns.get(p.mrn);
      return resolved && !resolved.created ? [{ id: resolved.id, gender: p.gender, deceasedOn: p.deceasedOn }] : [];
    });
    await this.imports.completePatients(em, completed);
    const existing = await this.imports.existingKeys(em, actor.clinicId, [
      ...assessments.map((a) => a.key),
      ...events.map((e) => e.key),
      ...screens.map((s) => s.key),
    ]);
    const newKeys: Array<{ key: string; resourceType: string; targetId: string }> = [];
    /** `written`: the key is written with its row (scores: by `insertAssessments`), not by `insertKeys`. */
    const claim = (
      key: string,
      targetId: string,
      resourceType: string,
      written = false,
    ): { created: boolean; id: string } => {
      const known = existing.get(key);
      if (known) return { created: false, id: known };
      existing.set(key, targetId);
      if (!written) newKeys.push({ key, resourceType, targetId });
      return { created: true, id: targetId };
    };
    const newAssessments: AssessmentRow[] = [];
    for (const assessment of assessments) {
      const claimed = claim(assessment.key, assessment.row.id, assessment.type, true);
      if (claimed.created) newAssessments.push(assessment.row);
      for (const index of assessment.indexes) {
        results.set(index, {
          status: claimed.created ? '201 Created' : '200 OK',
          location: `${assessment.type}/${claimed.id}`,
        });
      }
    }
    const newEvents: ClinicalEventRow[] = [];
    for (const event of events) {
      const claimed = claim(event.key, event.row.id, event.type);
      if (claimed.created) newEvents.push(event.row);
      results.set(event.index, {
        status: claimed.created ? '201 Created' : '200 OK',
        location: `${event.type}/${claimed.id}`,
      });
    }
    const newScreens = screens.filter((screen) => {
      const claimed = claim(screen.key, screen.id, 'QuestionnaireResponse');
      results.set(screen.index, {
        status: claimed.created ? '201 Created' : '200 OK',
        location: `QuestionnaireResponse/${claimed.id}`,
      });
      return claimed.created;
    });
    await this.imports.insertAssessments(em, actor.clinicId, actor.id, newAssessments);
    for (const screen of newScreens) {
      await this.socialNeeds.record(em, {
        id: screen.id,
        clinicId: actor.clinicId,
        patientId: screen.patientId,
        screenedOn: screen.input.candidate.screenedOn,
        source: 'import',
        answers: screen.input.candidate.answers,
        positiveDomains: screen.input.candidate.positiveDomains,
        recordedBy: actor.id,
      });
    }
    await this.imports.insertClinicalEvents(em, actor.clinicId, newEvents);
    await this.imports.insertKeys(em, actor.clinicId, newKeys);
    // Scores are scored without the patient's sex, which may also arrive only now (a matched patient's
    // gender filled in): where it selects another cut-off (AUDIT-C women: clinical-reference.md), re-judge.
    const touched = unique([
      ...toCreate.map((p) => p.id),
      ...newAssessments.map((a) => a.patientId),
      ...completed.filter((p) => p.gender !== null).map((p) => p.id),
    ]);
    await rejudgeSexSpecificScreens(em, touched, SEX_CUTOFFS_BEYOND_DEFAULT);
    await refreshImportSummaries(em, touched);
    await this.record(em, actor, bundle, {
      patientsCreated: toCreate.length,
      assessmentsCreated: newAssessments.length,
      eventsCreated: newEvents.length,
      screensCreated: newScreens.length,
      patientIds: unique(
        [...resolvedMrns.values()]
          .map((p) => p.id)
          .concat(newAssessments.map((a) => a.patientId))
          .concat(newScreens.map((s) => s.patientId)),
      ),
    });

    for (const [index, problem] of problems) results.set(index, { status: statusLine(problem.status), problem });
    return { status: 200, body: bundleResponse(bundle.type, bundle.count, results) };
  }

  /** One audit row per Bundle: counts by resource type and outcome, and the patients touched (no PHI). */
  private async record(
    em: EntityManager,
    actor: Actor,
    bundle: ReadBundle,
    counts: {
      patientsCreated: number;
      assessmentsCreated: number;
      eventsCreated: number;
      screensCreated: number;
      patientIds: string[];
    },
  ): Promise<void> {
    const resourceTypes: Record<string, number> = {};
    for (const type of bundle.resourceTypes.values()) resourceTypes[type] = (resourceTypes[type] ?? 0) + 1;
    // Imported patients and scores change caseloads, agendas and outcomes once committed.
    this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'assessment'));
    await this.audit.success(
      actor,
      'import.fhir',
      {
        resourceType: 'bundle',
        details: {
          bundleType: bundle.type,
          entries: bundle.count,
          resourceTypes,
          refused: bundle.problems.size,
          patientsCreated: counts.patientsCreated,
          assessmentsCreated: counts.assessmentsCreated,
          eventsCreated: counts.eventsCreated,
          screensCreated: counts.screensCreated,
        },
        patientIds: counts.patientIds,
      },
      em,
    );
  }

  /**
   * Which existing patients the caller may add to: a care manager's (AccessService) scope; an admin
   * imports for the whole clinic (a feed, answering ids only, never clinical data).
   */
  private scope(actor: Actor): SqlFragment {
    if (actor.role === 'admin')
      return { sql: `(p.clinic_id = $4 AND $5::uuid IS NOT NULL)`, params: [actor.clinicId, actor.id] };
    return this.access.patientScope(actor, 'p', 3);
  }
}

function notFound(path: string): ImportProblem {
  return new ImportProblem(path, `${path}: patient not found`, 404);
}

function statusLine(status: number): string {
  return status === 404 ? '404 Not Found' : '400 Bad Request';
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
