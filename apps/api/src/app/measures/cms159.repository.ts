import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Cms159Event, Cms159Patient } from '@huddle/scoring';
import type { SqlFragment } from '../auth/access.service';

interface PatientRow {
  id: string;
  birth_date: string;
  deceased_on: string | null;
  phq9: Array<{ date: string; total: number }>;
  events: Cms159Event[];
}

/**
 * The records CMS159 reads, for the patients in the caller's scope who have a PHQ-9 above the index
 * cut-off on or before the end of the look-back (only they can have an index assessment): birth and
 * death dates, PHQ-9 totals, and the coded clinical events, one row per patient (JSON aggregates).
 */
@Injectable()
export class Cms159Repository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * @param scope AccessService.patientScope for alias `p`, numbered from $5
   * @param instrument the measure's instrument (libs/scoring DEPRESSION_OUTCOME_RULES.instrumentId)
   * @param indexAbove the index cut-off (libs/scoring DEPRESSION_INDEX_PHQ9_ABOVE)
   * @param lastIndexDay the last day an index assessment can fall on
   */
  async candidates(
    scope: SqlFragment,
    instrument: string,
    indexAbove: number,
    lastIndexDay: string,
    subjectId: string | null,
  ): Promise<Cms159Patient[]> {
    const rows: PatientRow[] = await this.db.query(
      `SELECT p.id, p.birth_date::text AS birth_date, p.deceased_on::text AS deceased_on,
         (SELECT coalesce(json_agg(json_build_object('date', a.administered_on::text, 'total', a.total)
                                   ORDER BY a.administered_on), '[]'::json)
          FROM assessment a WHERE a.patient_id = p.id AND a.instrument = $1 AND a.complete) AS phq9,
         (SELECT coalesce(json_agg(json_build_object('kind', e.kind, 'system', e.code_system, 'code', e.code,
                   'startsOn', e.starts_on::text, 'endsOn', e.ends_on::text, 'status', e.status,
                   'valueCode', e.value_code)), '[]'::json)
          FROM patient_clinical_event e WHERE e.patient_id = p.id) AS events
       FROM patient p
       WHERE ${scope.sql}
         AND ($4::uuid IS NULL OR p.id = $4::uuid)
         AND EXISTS (SELECT 1 FROM assessment a WHERE a.patient_id = p.id AND a.instrument = $1 AND a.complete
                       AND a.total > $2 AND a.administered_on <= $3::date)
       ORDER BY p.id`,
      [instrument, indexAbove, lastIndexDay, subjectId, ...scope.params],
    );
    return rows.map((r) => ({
      patientId: r.id,
      birthDate: r.birth_date,
      deceasedOn: r.deceased_on,
      phq9: r.phq9,
      events: r.events,
    }));
  }

  /** Whether the patient exists in the caller's scope (scope numbered from $2). */
  async inScope(scope: SqlFragment, patientId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM patient p WHERE p.id = $1::uuid AND ${scope.sql}`, [
      patientId,
      ...scope.params,
    ]);
    return rows.length > 0;
  }
}
