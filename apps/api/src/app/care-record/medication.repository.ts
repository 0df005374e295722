import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsoDate, MedicationAction, MedicationEventView, MedicationView } from '@huddle/shared-types';
import { firstRow } from '../registry-sql/sql-params';

interface MedicationRow {
  id: string;
  patientId: string;
  name: string;
  dose: string | null;
  startedOn: IsoDate;
  stoppedOn: IsoDate | null;
  version: number;
}

interface EventRow {
  id: string;
  medicationId: string;
  patientId: string;
  episodeId: string | null;
  action: MedicationAction;
  medication: string;
  dose: string | null;
  date: IsoDate;
  note: string | null;
  recordedById: string;
  recordedByName: string;
  recordedAt: Date;
}

/** Locked state of a medication for a change or stop. */
export interface LockedMedication extends MedicationRow {
  episodeId: string | null;
  lastEventOn: IsoDate;
}

const MEDICATION_SELECT = `
  SELECT m.id, m.patient_id AS "patientId", m.name, m.dose, m.started_on::text AS "startedOn",
    m.stopped_on::text AS "stoppedOn", m.version
  FROM medication m`;

const EVENT_SELECT = `
  SELECT me.id, me.medication_id AS "medicationId", me.patient_id AS "patientId", me.episode_id AS "episodeId",
    me.action, m.name AS medication, me.dose, me.effective_on::text AS date, me.note,
    me.recorded_by AS "recordedById", s.display_name AS "recordedByName", me.recorded_at AS "recordedAt"
  FROM medication_event me
  JOIN medication m ON m.id = me.medication_id
  JOIN staff_user s ON s.id = me.recorded_by`;

/** Psychotropic medications and their events (one aggregate). */
@Injectable()
export class MedicationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The patient's medications, current ones first, then by start date (newest first). */
  async listForPatient(patientId: string, em: EntityManager = this.db.manager): Promise<MedicationView[]> {
    const rows: MedicationRow[] = await em.query(
      `${MEDICATION_SELECT} WHERE m.patient_id = $1
       ORDER BY (m.stopped_on IS NULL) DESC, m.started_on DESC, m.created_at DESC, m.id`,
      [patientId],
    );
    const events = await this.eventsOfPatient(patientId, em);
    return rows.map((row) =>
      toView(
        row,
        events.filter((e) => e.medicationId === row.id),
      ),
    );
  }

  /** Every medication event of the patient, oldest first (charts). */
  async eventsOfPatient(patientId: string, em: EntityManager = this.db.manager): Promise<MedicationEventView[]> {
    const rows: EventRow[] = await em.query(
      `${EVENT_SELECT} WHERE me.patient_id = $1 ORDER BY me.effective_on, me.recorded_at, me.id`,
      [patientId],
    );
    return rows.map(toEventView);
  }

  /** One medication (known to exist) with its events. */
  async view(id: string, em: EntityManager): Promise<MedicationView> {
    const rows: MedicationRow[] = await em.query(`${MEDICATION_SELECT} WHERE m.id = $1`, [id]);
    const events: EventRow[] = await em.query(
      `${EVENT_SELECT} WHERE me.medication_id = $1 ORDER BY me.effective_on, me.recorded_at, me.id`,
      [id],
    );
    return toView(firstRow(rows, `medication ${id}`), events.map(toEventView));
  }

  /** Locks a medication of the clinic; `null` when there is none. */
  async lock(id: string, clinicId: string, em: EntityManager): Promise<LockedMedication | null> {
    const rows: LockedMedication[] = await em.query(
      `SELECT m.id, m.patient_id AS "patientId", m.episode_id AS "episodeId", m.name, m.dose,
         m.started_on::text AS "startedOn", m.stopped_on::text AS "stoppedOn", m.version,
         (SELECT max(me.effective_on)::text FROM medication_event me WHERE me.medication_id = m.id) AS "lastEventOn"
       FROM medication m WHERE m.id = $1 AND m.clinic_id = $2 FOR UPDATE OF m`,
      [id, clinicId],
    );
    return rows[0] ?? null;
  }

  /** Inserts a started medication and its start event; returns its id. */
  async insert(
    values: {
      clinicId: string;
      patientId: string;
      episodeId: string | null;
      name: string;
      dose: string;
      startedOn: IsoDate;
      note: string | null;
      by: string;
      at: Date;
    },
    em: EntityManager,
  ): Promise<string> {
    const at = values.at.toISOString();
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO medication (clinic_id, patient_id, episode_id, name, dose, started_on, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
      [values.clinicId, values.patientId, values.episodeId, values.name, values.dose, values.startedOn, at],
    );
    const id = firstRow(rows, 'inserted medication').id;
    await this.insertEvent(
      {
        ...values,
        medicationId: id,
        action: 'start',
        effectiveOn: values.startedOn,
      },
      em,
    );
    return id;
  }

  /**
   * Applies a dose change (`dose`) or a stop (`dose` null, `stoppedOn` set) if the medication is
   * still at `version`, with its event; returns whether it changed.
   */
  async apply(
    medication: LockedMedication,
    version: number,
    change: {
      clinicId: string;
      action: Exclude<MedicationAction, 'start'>;
      dose: string | null;
      effectiveOn: IsoDate;
      note: string | null;
      by: string;
      at: Date;
    },
    em: EntityManager,
  ): Promise<boolean> {
    const [, affected]: [unknown[], number] = await em.query(
      `UPDATE medication SET dose = $3, stopped_on = $4, updated_at = $5, version = version + 1
       WHERE id = $1 AND version = $2`,
      [
        medication.id,
        version,
        change.dose,
        change.action === 'stop' ? change.effectiveOn : null,
        change.at.toISOString(),
      ],
    );
    if (affected !== 1) return false;
    await this.insertEvent(
      {
        ...change,
        medicationId: medication.id,
        patientId: medication.patientId,
        episodeId: medication.episodeId,
      },
      em,
    );
    return true;
  }

  private async insertEvent(
    event: {
      clinicId: string;
      medicationId: string;
      patientId: string;
      episodeId: string | null;
      action: MedicationAction;
      dose: string | null;
      effectiveOn: IsoDate;
      note: string | null;
      by: string;
      at: Date;
    },
    em: EntityManager,
  ): Promise<void> {
    await em.query(
      `INSERT INTO medication_event
         (clinic_id, medication_id, patient_id, episode_id, action, dose, effective_on, note, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        event.clinicId,
        event.medicationId,
        event.patientId,
        event.episodeId,
        event.action,
        event.dose,
        event.effectiveOn,
        event.note,
        event.by,
        event.at.toISOString(),
      ],
    );
  }
}

function toEventView(row: EventRow): MedicationEventView {
  return {
    id: row.id,
    medicationId: row.medicationId,
    patientId: row.patientId,
    episodeId: row.episodeId,
    action: row.action,
    medication: row.medication,
    dose: row.dose,
    date: row.date,
    note: row.note,
    recordedBy: { id: row.recordedById, displayName: row.recordedByName },
    recordedAt: new Date(row.recordedAt).toISOString(),
  };
}

function toView(row: MedicationRow, events: MedicationEventView[]): MedicationView {
  return {
    id: row.id,
    patientId: row.patientId,
    name: row.name,
    dose: row.dose,
    startedOn: row.startedOn,
    stoppedOn: row.stoppedOn,
    active: row.stoppedOn === null,
    events,
    version: row.version,
  };
}
