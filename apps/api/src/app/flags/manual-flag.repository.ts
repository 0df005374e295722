import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ManualFlagCode, ManualFlagView } from '@huddle/shared-types';
import { updateReturning } from '../auth/update-returning';
import { MANUAL_FLAG_SEVERITY } from '../registry-sql/flag-context.mapper';
import { firstRow } from '../registry-sql/sql-params';

/** A manual flag row as stored (for state checks before a change). */
export interface ManualFlagRecord {
  id: string;
  patientId: string;
  episodeId: string | null;
  code: ManualFlagCode;
  resolvedAt: Date | null;
  version: number;
}

interface ViewRow {
  id: string;
  patientId: string;
  episodeId: string | null;
  code: ManualFlagCode;
  note: string | null;
  raisedById: string;
  raisedByName: string;
  raisedAt: Date;
  resolvedById: string | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
  version: number;
}

const VIEW_SELECT = `
  SELECT m.id, m.patient_id AS "patientId", m.episode_id AS "episodeId", m.code, m.note,
    m.raised_by AS "raisedById", rb.display_name AS "raisedByName", m.raised_at AS "raisedAt",
    m.resolved_by AS "resolvedById", sb.display_name AS "resolvedByName", m.resolved_at AS "resolvedAt",
    m.resolution_note AS "resolutionNote", m.version
  FROM manual_flag m
  JOIN staff_user rb ON rb.id = m.raised_by
  LEFT JOIN staff_user sb ON sb.id = m.resolved_by`;

/** Reads and writes `manual_flag` rows (one repository for the manual-flag aggregate). */
@Injectable()
export class ManualFlagRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Open manual flags of a patient, newest first. */
  async listOpen(patientId: string, em: EntityManager = this.db.manager): Promise<ManualFlagView[]> {
    const rows: ViewRow[] = await em.query(
      `${VIEW_SELECT} WHERE m.patient_id = $1 AND m.resolved_at IS NULL ORDER BY m.raised_at DESC, m.id`,
      [patientId],
    );
    return rows.map(toView);
  }

  /** One flag (known to exist, e.g. just written) as a view. */
  async view(id: string, em: EntityManager): Promise<ManualFlagView> {
    const rows: ViewRow[] = await em.query(`${VIEW_SELECT} WHERE m.id = $1`, [id]);
    return toView(firstRow(rows, `manual_flag ${id}`));
  }

  /** Locks and returns a flag of the clinic, or `null` (unknown or another clinic's). */
  async lockInClinic(id: string, clinicId: string, em: EntityManager): Promise<ManualFlagRecord | null> {
    const rows: ManualFlagRecord[] = await em.query(
      `SELECT id, patient_id AS "patientId", episode_id AS "episodeId", code, resolved_at AS "resolvedAt", version
       FROM manual_flag WHERE id = $1 AND clinic_id = $2 FOR UPDATE`,
      [id, clinicId],
    );
    return rows[0] ?? null;
  }

  /** Inserts an open flag and returns its id. */
  async insert(
    flag: { clinicId: string; patientId: string; episodeId: string | null; code: ManualFlagCode; note: string | null },
    raisedBy: string,
    raisedAt: Date,
    em: EntityManager,
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO manual_flag (clinic_id, patient_id, episode_id, code, note, raised_by, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [flag.clinicId, flag.patientId, flag.episodeId, flag.code, flag.note, raisedBy, raisedAt.toISOString()],
    );
    return firstRow(rows, 'inserted manual_flag').id;
  }

  /** Resolves a flag if it is still open at `version`; returns whether a row changed. */
  async resolve(
    id: string,
    version: number,
    change: { by: string; at: Date; note: string | null },
    em: EntityManager,
  ): Promise<boolean> {
    // UPDATE answers [rows, rowCount] through TypeORM's query().
    const [, affected]: [unknown[], number] = await em.query(
      `UPDATE manual_flag SET resolved_by = $3, resolved_at = $4, resolution_note = $5, version = version + 1
       WHERE id = $1 AND version = $2 AND resolved_at IS NULL RETURNING id`,
      [id, version, change.by, change.at.toISOString(), change.note],
    );
    return affected === 1;
  }

  /**
   * Resolves every open flag of `code` of a patient (issue #11: a consultant review clears review
   * requests, a safety follow-up clears safety concerns), naming what cleared it; returns the flags.
   */
  async resolveOpen(
    patientId: string,
    code: ManualFlagCode,
    change: { by: string; at: Date; note: string; reviewId?: string; followUpId?: string },
    em: EntityManager,
  ): Promise<Array<{ id: string; episodeId: string | null }>> {
    return updateReturning<{ id: string; episodeId: string | null }>(
      em,
      `UPDATE manual_flag SET resolved_by = $3, resolved_at = $4, resolution_note = $5,
         resolved_by_review_id = $6, resolved_by_follow_up_id = $7, version = version + 1
       WHERE patient_id = $1 AND code = $2 AND resolved_at IS NULL
       RETURNING id, episode_id AS "episodeId"`,
      [
        patientId,
        code,
        change.by,
        change.at.toISOString(),
        change.note,
        change.reviewId ?? null,
        change.followUpId ?? null,
      ],
    );
  }

  /** The patient's open episode, locked for the transaction; null when there is none. */
  async lockOpenEpisode(patientId: string, em: EntityManager): Promise<string | null> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM episode WHERE patient_id = $1 AND status <> 'discharged' FOR UPDATE`,
      [patientId],
    );
    return rows[0]?.id ?? null;
  }

  /** Mirrors an open DISCUSS_WITH_CONSULTANT flag on its episode (what the agenda reads). */
  async requestReview(episodeId: string, at: Date, note: string | null, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE episode SET review_requested_at = $2, review_request_note = $3, updated_at = $2 WHERE id = $1`,
      [episodeId, at.toISOString(), note],
    );
  }

  /** Clears the episode's mirror of an open DISCUSS_WITH_CONSULTANT flag (`review_requested_at`). */
  async clearReviewRequest(episodeId: string, at: Date, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE episode SET review_requested_at = NULL, review_request_note = NULL, updated_at = $2
       WHERE id = $1 AND review_requested_at IS NOT NULL`,
      [episodeId, at.toISOString()],
    );
  }
}

function toView(row: ViewRow): ManualFlagView {
  return {
    id: row.id,
    patientId: row.patientId,
    episodeId: row.episodeId,
    code: row.code,
    severity: MANUAL_FLAG_SEVERITY[row.code],
    note: row.note,
    raisedBy: { id: row.raisedById, displayName: row.raisedByName },
    raisedAt: new Date(row.raisedAt).toISOString(),
    resolvedBy: row.resolvedById ? { id: row.resolvedById, displayName: row.resolvedByName ?? '' } : null,
    resolvedAt: row.resolvedAt ? new Date(row.resolvedAt).toISOString() : null,
    resolutionNote: row.resolutionNote,
    version: row.version,
  };
}
