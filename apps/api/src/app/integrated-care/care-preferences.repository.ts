import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CarePreferencesView, ContactMethod } from '@huddle/shared-types';

interface PreferenceRow {
  patientId: string;
  contactMethod: ContactMethod | null;
  contactTimes: string | null;
  whatHelps: string | null;
  whatToAvoid: string | null;
  updatedById: string;
  updatedByName: string;
  updatedAt: Date;
  version: number;
}

export interface PreferenceValues {
  contactMethod: ContactMethod | null;
  contactTimes: string | null;
  whatHelps: string | null;
  whatToAvoid: string | null;
}

/** Trauma-informed care preferences, one row per patient. */
@Injectable()
export class CarePreferencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async of(patientId: string, em: EntityManager = this.db.manager): Promise<CarePreferencesView> {
    const rows: PreferenceRow[] = await em.query(
      `SELECT cp.patient_id AS "patientId", cp.contact_method AS "contactMethod", cp.contact_times AS "contactTimes",
         cp.what_helps AS "whatHelps", cp.what_to_avoid AS "whatToAvoid", cp.updated_by AS "updatedById",
         s.display_name AS "updatedByName", cp.updated_at AS "updatedAt", cp.version
       FROM care_preference cp JOIN staff_user s ON s.id = cp.updated_by WHERE cp.patient_id = $1`,
      [patientId],
    );
    const row = rows[0];
    if (!row) {
      return {
        patientId,
        contactMethod: null,
        contactTimes: null,
        whatHelps: null,
        whatToAvoid: null,
        updatedBy: null,
        updatedAt: null,
        version: 0,
      };
    }
    return {
      patientId,
      contactMethod: row.contactMethod,
      contactTimes: row.contactTimes,
      whatHelps: row.whatHelps,
      whatToAvoid: row.whatToAvoid,
      updatedBy: { id: row.updatedById, displayName: row.updatedByName },
      updatedAt: new Date(row.updatedAt).toISOString(),
      version: row.version,
    };
  }

  /**
   * Creates (version 0: none yet) or updates the row if still at `version`; returns whether it was
   * written (false: someone else saved first).
   */
  async save(
    em: EntityManager,
    values: PreferenceValues & { clinicId: string; patientId: string; by: string; at: Date; version: number },
  ): Promise<boolean> {
    const params = [
      values.patientId,
      values.clinicId,
      values.contactMethod,
      values.contactTimes,
      values.whatHelps,
      values.whatToAvoid,
      values.by,
      values.at.toISOString(),
    ];
    if (values.version === 0) {
      const rows: unknown[] = await em.query(
        `INSERT INTO care_preference (patient_id, clinic_id, contact_method, contact_times, what_helps, what_to_avoid,
           updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (patient_id) DO NOTHING RETURNING patient_id`,
        params,
      );
      return rows.length === 1;
    }
    const [, affected]: [unknown[], number] = await em.query(
      `UPDATE care_preference SET contact_method = $3, contact_times = $4, what_helps = $5, what_to_avoid = $6,
         updated_by = $7, updated_at = $8, version = version + 1
       WHERE patient_id = $1 AND clinic_id = $2 AND version = $9`,
      [...params, values.version],
    );
    return affected === 1;
  }
}
