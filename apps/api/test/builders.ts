import { getInstrument, scoreAssessment } from '@huddle/scoring';
import type { ContactType, InstrumentId } from '@huddle/shared-types';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { Clock } from '../src/app/auth/clock';
import type { ClinicFixture } from './fixtures';
import { createPatient, type PatientFixtureOptions } from './fixtures';
import type { TestApp } from './test-app';

/** The value, or a test failure when it is missing. */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}`);
  return value;
}

/** Freezes the app's `Clock` (and so "today" for flags, caseload and agenda) at `iso`. */
export function freezeClock(t: TestApp, iso: string): void {
  jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(iso));
}

/** Answers of an instrument summing to `total` (items filled to their maximum in order, safety item apart). */
export function answersFor(
  instrument: InstrumentId,
  total: number,
  options: { item9?: number; missing?: string[] } = {},
): Record<string, number | null> {
  const definition = getInstrument(instrument);
  const items = definition.items.filter((item) => item.scored);
  const answers: Record<string, number | null> = Object.fromEntries(items.map((item) => [item.id, 0]));
  const safetyId = definition.safetyItemId;
  let remaining = total;
  if (safetyId && options.item9) {
    answers[safetyId] = options.item9;
    remaining -= options.item9;
  }
  for (const item of items) {
    if (item.id === safetyId) continue;
    const value = Math.min(item.max, remaining);
    answers[item.id] = value;
    remaining -= value;
  }
  if (remaining !== 0) throw new Error(`cannot spread ${total} over ${instrument}`);
  for (const id of options.missing ?? []) answers[id] = null;
  return answers;
}

/** A patient (open episode) plus helpers that add dated history to that episode. */
export class EpisodeBuilder {
  private constructor(
    private readonly db: DataSource,
    readonly clinic: ClinicFixture,
    readonly patientId: string,
    readonly episodeId: string,
    readonly mrn: string,
  ) {}

  static async create(
    db: DataSource,
    clinic: ClinicFixture,
    options: PatientFixtureOptions = {},
  ): Promise<EpisodeBuilder> {
    const { patientId, episodeId, mrn } = await createPatient(db, clinic, options);
    return new EpisodeBuilder(db, clinic, patientId, episodeId, mrn);
  }

  /** Renames the patient (for search and name sorts). */
  async named(givenName: string, familyName: string): Promise<this> {
    await this.db.query(`UPDATE patient SET given_name = $2, family_name = $3 WHERE id = $1`, [
      this.patientId,
      givenName,
      familyName,
    ]);
    return this;
  }

  /** Adds a scored assessment on `on` (complete unless items are missing); returns its id. */
  async score(
    instrument: InstrumentId,
    on: string,
    total: number,
    options: { item9?: number; missing?: string[] } = {},
  ): Promise<string> {
    const answers = answersFor(instrument, total, options);
    const scored = scoreAssessment(instrument, answers);
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO assessment (clinic_id, patient_id, episode_id, instrument, administered_on, source, answers, total,
         severity, positive_screen, complete, safety_risk)
       VALUES ($1, $2, $3, $4, $5, 'clinic', $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        this.clinic.clinicId,
        this.patientId,
        this.episodeId,
        instrument,
        on,
        JSON.stringify(answers),
        scored.total,
        scored.severity?.code ?? null,
        scored.positiveScreen,
        scored.complete,
        scored.safetyRisk,
      ],
    );
    return must(rows[0]).id;
  }

  /** Adds a contact starting at the ISO instant `at`. */
  async contact(
    at: string,
    minutes: number,
    type: ContactType = 'follow_up',
    options: { completed?: boolean; staffId?: string } = {},
  ): Promise<this> {
    await this.db.query(
      `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, completed, started_at, minutes)
       VALUES ($1, $2, $3, $4, $5, 'phone', $6, $7, $8)`,
      [
        this.clinic.clinicId,
        this.patientId,
        this.episodeId,
        options.staffId ?? this.clinic.careManager.id,
        type,
        options.completed ?? true,
        at,
        minutes,
      ],
    );
    return this;
  }

  /** Records a consultant review at the ISO instant `at` for the week of `weekOf`; returns its id. */
  async review(at: string, weekOf: string, consultantId = this.clinic.consultant.id): Promise<string> {
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO consultant_review (clinic_id, patient_id, episode_id, consultant_id, reviewed_at, week_of, summary)
       VALUES ($1, $2, $3, $4, $5, $6, 'Reviewed') RETURNING id`,
      [this.clinic.clinicId, this.patientId, this.episodeId, consultantId, at, weekOf],
    );
    return must(rows[0]).id;
  }
}

/** Audit rows of an action (newest last). */
export async function auditRows(
  db: DataSource,
  action: string,
  actorId: string,
): Promise<
  Array<{ patient_id: string | null; resource_id: string | null; outcome: string; details: Record<string, unknown> }>
> {
  return db.query(
    `SELECT patient_id, resource_id, outcome, details FROM audit_log WHERE action = $1 AND actor_id = $2 ORDER BY id`,
    [action, actorId],
  );
}

/** The patients an audited list read showed: the list its row references (`details.patientList`). */
export async function patientsListed(db: DataSource, details: Record<string, unknown>): Promise<string[]> {
  const ref = details['patientList'] as { sha256: string; count: number } | undefined;
  if (!ref) throw new Error('audit row references no patient list');
  const [list] = await db.query('SELECT patient_ids FROM audit_patient_list WHERE sha256 = $1', [ref.sha256]);
  const ids = must(list as { patient_ids: string[] } | undefined, 'patient list').patient_ids;
  expect(ids).toHaveLength(ref.count);
  return ids;
}

/**
 * The data statements `fn` sends to PostgreSQL, in order (as bench/lib/capture.mjs counts them): not
 * transaction control, sessions, advisory locks or audit appends (issue #13: statements per request).
 */
export async function dataStatements(fn: () => Promise<unknown>): Promise<string[]> {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const captured: string[] = [];
  // Only statements sent on fn's own async path count: pg-boss polling, cache listeners and audit
  // flushes share the pg Client prototype and may run meanwhile on a slow machine.
  const scope = new AsyncLocalStorage<true>();
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0];
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string' && scope.getStore()) captured.push(text);
    return original.apply(this, args);
  };
  try {
    await scope.run(true, fn);
  } finally {
    proto.query = original;
  }
  // A message of several statements (a read batch, a statement behind its plan setting) counts each one;
  // a PREPARE is the connection's preparation of a statement, not one of fn's reads.
  return captured
    .flatMap((text) => text.split('\n;\n'))
    .filter(
      (text) =>
        !/^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SET|SHOW|SAVEPOINT|RELEASE|PREPARE)\b/i.test(text) &&
        !/audit_log|audit_append|audit_patient_list|huddle_wal_flush|pg_advisory|user_session/i.test(text),
    );
}
