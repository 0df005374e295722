import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsoDate, SocialNeedDomainId, SocialNeedStatus, SocialNeedView } from '@huddle/shared-types';
import { firstRow } from '../registry-sql/sql-params';

export interface ScreeningRow {
  id: string;
  patientId: string;
  screenedOn: IsoDate;
  source: 'clinic' | 'import';
  answers: Record<string, string | string[]>;
  positiveDomains: SocialNeedDomainId[];
}

export interface LockedNeed extends SocialNeedView {
  clinicId: string;
}

const NEED_SELECT = `
  SELECT n.id, n.patient_id AS "patientId", n.domain, n.status, n.identified_on::text AS "identifiedOn",
    n.resource_name AS "resourceName", n.referred_on::text AS "referredOn", n.connected_on::text AS "connectedOn",
    n.resolved_on::text AS "resolvedOn", n.note, n.version
  FROM social_need n`;

/** AHC HRSN screens and the social needs they found (one aggregate per patient). */
@Injectable()
export class SocialNeedsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores a screen and opens a need for each positive domain that has no unresolved need yet
   * (uq_social_need_unresolved); returns the screen's id.
   */
  async insertScreening(
    em: EntityManager,
    values: {
      id: string;
      clinicId: string;
      patientId: string;
      screenedOn: IsoDate;
      source: 'clinic' | 'import';
      answers: Record<string, unknown>;
      positiveDomains: readonly SocialNeedDomainId[];
      recordedBy: string;
    },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO social_needs_screening (clinic_id, patient_id, screened_on, source, answers, positive_domains, recorded_by, id)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], $7, $8) RETURNING id`,
      [
        values.clinicId,
        values.patientId,
        values.screenedOn,
        values.source,
        JSON.stringify(values.answers),
        values.positiveDomains,
        values.recordedBy,
        values.id,
      ],
    );
    const id = firstRow(rows, 'inserted screening').id;
    await em.query(
      `INSERT INTO social_need (clinic_id, patient_id, screening_id, domain, identified_on)
       SELECT $1, $2, $3, d, $5 FROM unnest($4::text[]) AS d
       ON CONFLICT (patient_id, domain) WHERE status <> 'resolved' DO NOTHING`,
      [values.clinicId, values.patientId, id, values.positiveDomains, values.screenedOn],
    );
    return id;
  }

  /** The patient's needs, unresolved first (referral order), then resolved ones newest first. */
  async needs(patientId: string, em: EntityManager = this.db.manager): Promise<SocialNeedView[]> {
    return em.query(
      `${NEED_SELECT} WHERE n.patient_id = $1
       ORDER BY (n.status = 'resolved'), n.identified_on DESC, n.domain`,
      [patientId],
    );
  }

  /** The unresolved needs of several patients (huddle list, summary). */
  async openNeedsOf(patientIds: readonly string[], em: EntityManager = this.db.manager): Promise<SocialNeedView[]> {
    if (patientIds.length === 0) return [];
    return em.query(
      `${NEED_SELECT} WHERE n.patient_id = ANY($1::uuid[]) AND n.status <> 'resolved' ORDER BY n.identified_on, n.domain`,
      [patientIds],
    );
  }

  /** The patient's screens, newest first. */
  async screenings(patientId: string, em: EntityManager = this.db.manager): Promise<ScreeningRow[]> {
    return em.query(
      `SELECT s.id, s.patient_id AS "patientId", s.screened_on::text AS "screenedOn", s.source, s.answers,
         s.positive_domains AS "positiveDomains"
       FROM social_needs_screening s WHERE s.patient_id = $1 ORDER BY s.screened_on DESC, s.created_at DESC`,
      [patientId],
    );
  }

  async screening(id: string, em: EntityManager): Promise<ScreeningRow> {
    const rows: ScreeningRow[] = await em.query(
      `SELECT s.id, s.patient_id AS "patientId", s.screened_on::text AS "screenedOn", s.source, s.answers,
         s.positive_domains AS "positiveDomains"
       FROM social_needs_screening s WHERE s.id = $1`,
      [id],
    );
    return firstRow(rows, `screening ${id}`);
  }

  /** Locks a need of the clinic; `null` when there is none. */
  async lock(id: string, clinicId: string, em: EntityManager): Promise<LockedNeed | null> {
    const rows: LockedNeed[] = await em.query(
      `${NEED_SELECT.replace('FROM social_need n', ', n.clinic_id AS "clinicId" FROM social_need n')}
       WHERE n.id = $1 AND n.clinic_id = $2 FOR UPDATE OF n`,
      [id, clinicId],
    );
    return rows[0] ?? null;
  }

  /** Moves a need to `status` on `on` if still at `version`; returns whether it changed. */
  async advance(
    em: EntityManager,
    id: string,
    version: number,
    change: { status: SocialNeedStatus; on: IsoDate; resourceName: string | null; note: string | null; at: Date },
  ): Promise<boolean> {
    const [, affected]: [unknown[], number] = await em.query(
      `UPDATE social_need SET status = $3,
         resource_name = COALESCE($5, resource_name),
         referred_on = CASE WHEN $3 = 'referred' THEN $4::date ELSE referred_on END,
         connected_on = CASE WHEN $3 = 'connected' THEN $4::date ELSE connected_on END,
         resolved_on = CASE WHEN $3 = 'resolved' THEN $4::date ELSE resolved_on END,
         note = COALESCE($6, note), version = version + 1, updated_at = $7
       WHERE id = $1 AND version = $2`,
      [id, version, change.status, change.on, change.resourceName, change.note, change.at.toISOString()],
    );
    return affected === 1;
  }

  async need(id: string, em: EntityManager): Promise<SocialNeedView> {
    const rows: SocialNeedView[] = await em.query(`${NEED_SELECT} WHERE n.id = $1`, [id]);
    return firstRow(rows, `social need ${id}`);
  }
}
