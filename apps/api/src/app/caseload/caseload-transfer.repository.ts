import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseloadHolder, IsoDate, StaffRole } from '@huddle/shared-types';

/** A staff member of the clinic as a transfer sees them. */
export interface TransferStaff {
  id: string;
  role: StaffRole;
  active: boolean;
}

/** An open episode that moved: ids only (the audit rows name the patient by id). */
export interface MovedEpisode {
  id: string;
  patientId: string;
}

/** SQL of caseload transfers: who holds which open episodes, coverage, and the move itself. */
@Injectable()
export class CaseloadTransferRepository {
  /** Every care manager of the clinic (active or not) with the number of open episodes they hold. */
  holders(em: EntityManager, clinicId: string): Promise<CaseloadHolder[]> {
    return em.query(
      `SELECT s.id, s.display_name AS "displayName", s.active, s.fte::float AS fte,
         (SELECT count(*)::int FROM episode e
          WHERE e.clinic_id = s.clinic_id AND e.care_manager_id = s.id AND e.status <> 'discharged') AS "openEpisodes"
       FROM staff_user s
       WHERE s.clinic_id = $1 AND s.role = 'care_manager'
       ORDER BY s.active DESC, lower(s.display_name), s.id`,
      [clinicId],
    );
  }

  /** The staff member if they belong to the clinic, else `null`. */
  async staffInClinic(em: EntityManager, clinicId: string, id: string): Promise<TransferStaff | null> {
    const rows: TransferStaff[] = await em.query(
      'SELECT id, role, active FROM staff_user WHERE id = $1 AND clinic_id = $2',
      [id, clinicId],
    );
    return rows[0] ?? null;
  }

  /** Whether `coveringId` covers `coveredId`'s caseload on the clinic-local day `today`. */
  async covers(
    em: EntityManager,
    clinicId: string,
    coveringId: string,
    coveredId: string,
    today: IsoDate,
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM caseload_coverage
       WHERE covering_staff_id = $1 AND covered_staff_id = $2 AND clinic_id = $3
         AND starts_on <= $4::date AND (ends_on IS NULL OR ends_on >= $4::date)`,
      [coveringId, coveredId, clinicId, today],
    );
    return rows.length > 0;
  }

  /**
   * Locks the open episodes of `fromId`'s caseload (all, or those of `episodeIds`) and returns them.
   * An id not among them is simply missing from the result.
   */
  lockOpenEpisodes(
    em: EntityManager,
    clinicId: string,
    fromId: string,
    episodeIds: readonly string[] | null,
  ): Promise<MovedEpisode[]> {
    return em.query(
      `SELECT id, patient_id AS "patientId" FROM episode
       WHERE clinic_id = $1 AND care_manager_id = $2 AND status <> 'discharged'
         AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
       ORDER BY id
       FOR UPDATE`,
      [clinicId, fromId, episodeIds],
    );
  }

  /** Reassigns the episodes to `toId`, bumping each one's version (editors of the old version get 409). */
  async reassign(em: EntityManager, clinicId: string, episodeIds: readonly string[], toId: string): Promise<number> {
    const rows: Array<{ n: number }> = await em.query(
      `WITH moved AS (
         UPDATE episode SET care_manager_id = $3, version = version + 1, updated_at = now()
         WHERE clinic_id = $1 AND id = ANY($2::uuid[])
         RETURNING id)
       SELECT count(*)::int AS n FROM moved`,
      [clinicId, episodeIds, toId],
    );
    return rows[0]?.n ?? 0;
  }
}
