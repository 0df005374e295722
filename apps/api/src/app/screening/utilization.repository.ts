import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IsoDate } from '@huddle/shared-types';

export interface UtilizationRow {
  id: string;
  patient_id: string;
  code: string;
  starts_on: IsoDate;
  ends_on: IsoDate | null;
  source: string;
  created_at: Date;
}

/**
 * Utilization events: `patient_clinical_event` encounters coded with their Encounter.class (system and
 * codes from libs/scoring `UTILIZATION_RULES`, passed in).
 */
@Injectable()
export class UtilizationRepository {
  async insert(
    em: EntityManager,
    e: { clinicId: string; patientId: string; system: string; code: string; startsOn: IsoDate; endsOn: IsoDate | null },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO patient_clinical_event (clinic_id, patient_id, kind, code_system, code, starts_on, ends_on, status, source)
       VALUES ($1, $2, 'encounter', $3, $4, $5, $6, 'finished', 'manual') RETURNING id`,
      [e.clinicId, e.patientId, e.system, e.code, e.startsOn, e.endsOn],
    );
    return rows[0]?.id as string;
  }

  listForPatient(em: EntityManager, patientId: string, system: string, codes: string[]): Promise<UtilizationRow[]> {
    return em.query(
      `SELECT id, patient_id, code, starts_on::text AS starts_on, ends_on::text AS ends_on, source, created_at
       FROM patient_clinical_event
       WHERE patient_id = $1 AND kind = 'encounter' AND code_system = $2 AND code = ANY($3::text[])
       ORDER BY starts_on DESC NULLS LAST, created_at DESC`,
      [patientId, system, codes],
    );
  }
}
