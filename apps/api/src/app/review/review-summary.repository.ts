import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { IsoDate, ScorePoint } from '@huddle/shared-types';

/** The patient as the review summary shows them, with their PCP's name. */
export interface ReviewPatientRow {
  id: string;
  givenName: string;
  familyName: string;
  mrn: string;
  birthDate: IsoDate;
  pcpId: string | null;
  pcpName: string | null;
}

/** The open episode's diagnoses, discharge and care team with names. */
export interface ReviewEpisodeRow {
  diagnoses: string[];
  dischargedAt: IsoDate | null;
  careManagerId: string | null;
  careManagerName: string | null;
  consultantId: string | null;
  consultantName: string | null;
  billingPcpId: string | null;
  billingPcpName: string | null;
}

/** The SQL of the consultant's one-screen patient summary (`ReviewSummaryService`). */
@Injectable()
export class ReviewSummaryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async patient(patientId: string): Promise<ReviewPatientRow | null> {
    const rows: ReviewPatientRow[] = await this.db.query(
      `SELECT p.id, p.given_name AS "givenName", p.family_name AS "familyName", p.mrn, p.birth_date::text AS "birthDate",
         p.pcp_id AS "pcpId", s.display_name AS "pcpName"
       FROM patient p LEFT JOIN staff_user s ON s.id = p.pcp_id WHERE p.id = $1`,
      [patientId],
    );
    return rows[0] ?? null;
  }

  async episode(episodeId: string): Promise<ReviewEpisodeRow | null> {
    const rows: ReviewEpisodeRow[] = await this.db.query(
      `SELECT e.diagnoses, e.discharged_on::text AS "dischargedAt",
         e.care_manager_id AS "careManagerId", cm.display_name AS "careManagerName",
         e.consultant_id AS "consultantId", pc.display_name AS "consultantName",
         e.billing_pcp_id AS "billingPcpId", bp.display_name AS "billingPcpName"
       FROM episode e
       LEFT JOIN staff_user cm ON cm.id = e.care_manager_id
       LEFT JOIN staff_user pc ON pc.id = e.consultant_id
       LEFT JOIN staff_user bp ON bp.id = e.billing_pcp_id
       WHERE e.id = $1`,
      [episodeId],
    );
    return rows[0] ?? null;
  }

  /** The episode's complete scores of `instrument` up to `asOf`, oldest first. */
  scorePoints(episodeId: string, instrument: 'PHQ9' | 'GAD7', asOf: IsoDate): Promise<ScorePoint[]> {
    return this.db.query(
      `SELECT administered_on::text AS date, total FROM assessment
       WHERE episode_id = $1 AND instrument = $2 AND complete AND administered_on <= $3::date
       ORDER BY administered_on, created_at, id`,
      [episodeId, instrument, asOf],
    );
  }
}
