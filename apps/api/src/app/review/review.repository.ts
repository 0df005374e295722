import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SqlFragment } from '../auth/access.service';
import { firstRow, type SqlParams } from '../registry-sql/sql-params';
import type {
  EpisodeStatus,
  ConsultantReviewView,
  IsoDate,
  RecommendationInboxItem,
  RecommendationStatus,
  RecommendationType,
  RecommendationView,
} from '@huddle/shared-types';

/** A new recommendation as validated by the request DTO. */
export interface NewRecommendation {
  type: RecommendationType;
  detail: string;
  medication?: string;
  dose?: string;
}

interface RecommendationRow extends Omit<RecommendationView, 'statusChangedBy' | 'statusChangedAt' | 'createdAt'> {
  statusChangedAt: Date;
  createdAt: Date;
  statusChangedById: string | null;
  statusChangedByName: string | null;
}

interface ReviewRow {
  id: string;
  episodeId: string;
  patientId: string;
  consultantId: string;
  consultantName: string;
  reviewedAt: Date;
  weekOf: IsoDate;
  summary: string | null;
}

const RECOMMENDATION_SELECT = `
  SELECT r.id, r.review_id AS "reviewId", r.episode_id AS "episodeId", e.patient_id AS "patientId", r.type, r.detail,
    r.medication, r.dose, r.status, r.status_reason AS "statusReason", r.status_changed_at AS "statusChangedAt", r.status_changed_by AS "statusChangedById",
    s.display_name AS "statusChangedByName", r.created_at AS "createdAt", r.version
  FROM recommendation r
  JOIN episode e ON e.id = r.episode_id
  LEFT JOIN staff_user s ON s.id = r.status_changed_by`;

const REVIEW_SELECT = `
  SELECT cr.id, cr.episode_id AS "episodeId", cr.patient_id AS "patientId", cr.consultant_id AS "consultantId",
    s.display_name AS "consultantName", cr.reviewed_at AS "reviewedAt", cr.week_of::text AS "weekOf", cr.summary
  FROM consultant_review cr JOIN staff_user s ON s.id = cr.consultant_id`;

/** Consultant reviews and their recommendations (one repository for the review aggregate). */
@Injectable()
export class ReviewRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A review (known to exist, e.g. just written) with its recommendations. */
  async review(id: string, em: EntityManager = this.db.manager): Promise<ConsultantReviewView> {
    const rows: ReviewRow[] = await em.query(`${REVIEW_SELECT} WHERE cr.id = $1`, [id]);
    return this.withRecommendations(firstRow(rows, `consultant_review ${id}`), em);
  }

  /** The most recent review of an episode, or `null`. */
  async lastReview(episodeId: string, em: EntityManager = this.db.manager): Promise<ConsultantReviewView | null> {
    const rows: ReviewRow[] = await em.query(
      `${REVIEW_SELECT} WHERE cr.episode_id = $1 ORDER BY cr.reviewed_at DESC, cr.id LIMIT 1`,
      [episodeId],
    );
    return rows[0] ? this.withRecommendations(rows[0], em) : null;
  }

  /** Every review of the patient's episodes with its recommendations, newest first (two queries). */
  async reviewsOfPatient(patientId: string, em: EntityManager = this.db.manager): Promise<ConsultantReviewView[]> {
    const rows: ReviewRow[] = await em.query(
      `${REVIEW_SELECT} WHERE cr.patient_id = $1 ORDER BY cr.reviewed_at DESC, cr.id`,
      [patientId],
    );
    const recommendations = await this.recommendationsOfPatient(patientId, null, em);
    return rows.map((row) =>
      toReviewView(
        row,
        recommendations.filter((r) => r.reviewId === row.id),
      ),
    );
  }

  /** Recommendations of all the patient's episodes (optionally only some statuses), newest first. */
  async recommendationsOfPatient(
    patientId: string,
    statuses: readonly RecommendationStatus[] | null = null,
    em: EntityManager = this.db.manager,
  ): Promise<RecommendationView[]> {
    const rows: RecommendationRow[] = await em.query(
      `${RECOMMENDATION_SELECT} WHERE e.patient_id = $1 AND ($2::text[] IS NULL OR r.status = ANY($2::text[]))
       ORDER BY r.created_at DESC, r.id`,
      [patientId, statuses],
    );
    return rows.map(toRecommendationView);
  }

  /** One recommendation (known to exist, e.g. just written) as a view. */
  async recommendation(id: string, em: EntityManager = this.db.manager): Promise<RecommendationView> {
    const rows: RecommendationRow[] = await em.query(`${RECOMMENDATION_SELECT} WHERE r.id = $1`, [id]);
    return toRecommendationView(firstRow(rows, `recommendation ${id}`));
  }

  /** Inserts a review and its recommendations (inside the caller's transaction); returns the review id. */
  async insertReview(
    review: {
      clinicId: string;
      patientId: string;
      episodeId: string;
      consultantId: string;
      weekOf: IsoDate;
      summary: string | null;
    },
    recommendations: readonly NewRecommendation[],
    now: Date,
    em: EntityManager,
  ): Promise<string> {
    const at = now.toISOString();
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO consultant_review (clinic_id, patient_id, episode_id, consultant_id, reviewed_at, week_of, summary, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $5) RETURNING id`,
      [review.clinicId, review.patientId, review.episodeId, review.consultantId, at, review.weekOf, review.summary],
    );
    const reviewId = firstRow(rows, 'inserted consultant_review').id;
    for (const [index, rec] of recommendations.entries()) {
      // Microsecond offsets keep the entry order when listing newest first.
      await em.query(
        `INSERT INTO recommendation (clinic_id, review_id, episode_id, type, detail, medication, dose, status,
           status_changed_at, status_changed_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $9, $8::timestamptz - make_interval(secs => $10 * 1e-6), $8)`,
        [
          review.clinicId,
          reviewId,
          review.episodeId,
          rec.type,
          rec.detail,
          rec.medication ?? null,
          rec.dose ?? null,
          at,
          review.consultantId,
          index,
        ],
      );
    }
    return reviewId;
  }

  /** Locks a recommendation of the clinic; returns its state and patient, or `null`. */
  async lockRecommendation(
    id: string,
    clinicId: string,
    em: EntityManager,
  ): Promise<{ patientId: string; episodeId: string; status: RecommendationStatus; version: number } | null> {
    const rows: Array<{ patientId: string; episodeId: string; status: RecommendationStatus; version: number }> =
      await em.query(
        `SELECT e.patient_id AS "patientId", r.episode_id AS "episodeId", r.status, r.version
         FROM recommendation r JOIN episode e ON e.id = r.episode_id
         WHERE r.id = $1 AND r.clinic_id = $2 FOR UPDATE OF r`,
        [id, clinicId],
      );
    return rows[0] ?? null;
  }

  /**
   * Sets the status if the row is still at `version` and keeps the change for the timeline; returns
   * whether it changed.
   */
  async updateStatus(
    id: string,
    version: number,
    change: {
      clinicId: string;
      patientId: string;
      from: RecommendationStatus;
      status: RecommendationStatus;
      reason: string | null;
      by: string;
      at: Date;
    },
    em: EntityManager,
  ): Promise<boolean> {
    const at = change.at.toISOString();
    const [, affected]: [unknown[], number] = await em.query(
      `UPDATE recommendation SET status = $3, status_reason = $4, status_changed_by = $5, status_changed_at = $6,
         updated_at = $6, version = version + 1
       WHERE id = $1 AND version = $2`,
      [id, version, change.status, change.reason, change.by, at],
    );
    if (affected !== 1) return false;
    await em.query(
      `INSERT INTO recommendation_status_change
         (clinic_id, recommendation_id, patient_id, from_status, to_status, reason, changed_by, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [change.clinicId, id, change.patientId, change.from, change.status, change.reason, change.by, at],
    );
    return true;
  }

  /**
   * Recommendations in `statuses` of the patients matching `scope` (AccessService.patientScope over
   * alias `p`, parameters from `$2`), oldest first, with the patient and the review.
   */
  async inbox(
    scope: SqlFragment,
    statuses: readonly RecommendationStatus[],
    em: EntityManager = this.db.manager,
  ): Promise<RecommendationInboxItem[]> {
    const rows: Array<
      RecommendationRow & {
        givenName: string;
        familyName: string;
        mrn: string;
        consultantId: string;
        consultantName: string;
        reviewSummary: string | null;
      }
    > = await em.query(
      `SELECT r.id, r.review_id AS "reviewId", r.episode_id AS "episodeId", e.patient_id AS "patientId", r.type, r.detail,
         r.medication, r.dose, r.status, r.status_reason AS "statusReason", r.status_changed_at AS "statusChangedAt",
         r.status_changed_by AS "statusChangedById", sc.display_name AS "statusChangedByName",
         r.created_at AS "createdAt", r.version,
         p.given_name AS "givenName", p.family_name AS "familyName", p.mrn,
         cr.consultant_id AS "consultantId", cs.display_name AS "consultantName", cr.summary AS "reviewSummary"
       FROM recommendation r
       JOIN episode e ON e.id = r.episode_id
       JOIN patient p ON p.id = e.patient_id
       JOIN consultant_review cr ON cr.id = r.review_id
       JOIN staff_user cs ON cs.id = cr.consultant_id
       LEFT JOIN staff_user sc ON sc.id = r.status_changed_by
       WHERE r.status = ANY($1::text[]) AND ${scope.sql}
       ORDER BY r.created_at, r.id`,
      [statuses, ...scope.params],
    );
    return rows.map((row) => ({
      recommendation: toRecommendationView(row),
      patient: { id: row.patientId, givenName: row.givenName, familyName: row.familyName, mrn: row.mrn },
      consultant: { id: row.consultantId, displayName: row.consultantName },
      reviewSummary: row.reviewSummary,
    }));
  }

  private async withRecommendations(row: ReviewRow, em: EntityManager): Promise<ConsultantReviewView> {
    const recs: RecommendationRow[] = await em.query(
      `${RECOMMENDATION_SELECT} WHERE r.review_id = $1 ORDER BY r.created_at DESC, r.id`,
      [row.id],
    );
    return toReviewView(row, recs.map(toRecommendationView));
  }

  /** The episode a review is recorded for, locked, with its clinic's time zone (null outside `clinicId`). */
  async lockEpisodeForReview(
    episodeId: string,
    clinicId: string,
    em: EntityManager,
  ): Promise<{ patientId: string; status: EpisodeStatus; consultantId: string | null; timezone: string } | null> {
    const rows: Array<{ patientId: string; status: EpisodeStatus; consultantId: string | null; timezone: string }> =
      await em.query(
        `SELECT e.patient_id AS "patientId", e.status, e.consultant_id AS "consultantId", c.timezone
         FROM episode e JOIN clinic c ON c.id = e.clinic_id
         WHERE e.id = $1 AND e.clinic_id = $2 FOR UPDATE OF e`,
        [episodeId, clinicId],
      );
    return rows[0] ?? null;
  }

  /**
   * {@link isConsultantOf} as an uncorrelated condition for the agenda's aggregate statement (a one-time
   * filter: with a wrong id the statement returns no row, and the caller asks {@link isConsultantOf}).
   */
  static consultantCheck(p: SqlParams, consultantId: string, clinicId: string): string {
    return `EXISTS (SELECT 1 FROM staff_user c_t WHERE c_t.id = ${p.add(consultantId, 'uuid')}
      AND c_t.clinic_id = ${p.add(clinicId, 'uuid')} AND c_t.role = 'psychiatric_consultant')`;
  }

  /** True when `consultantId` is a psychiatric consultant of `clinicId`. */
  async isConsultantOf(consultantId: string, clinicId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM staff_user WHERE id = $1 AND clinic_id = $2 AND role = 'psychiatric_consultant'`,
      [consultantId, clinicId],
    );
    return rows.length > 0;
  }
}

function toReviewView(row: ReviewRow, recommendations: RecommendationView[]): ConsultantReviewView {
  return {
    id: row.id,
    episodeId: row.episodeId,
    patientId: row.patientId,
    consultant: { id: row.consultantId, displayName: row.consultantName },
    reviewedAt: new Date(row.reviewedAt).toISOString(),
    weekOf: row.weekOf,
    summary: row.summary,
    recommendations,
  };
}

function toRecommendationView(row: RecommendationRow): RecommendationView {
  return {
    id: row.id,
    reviewId: row.reviewId,
    episodeId: row.episodeId,
    patientId: row.patientId,
    type: row.type,
    detail: row.detail,
    medication: row.medication,
    dose: row.dose,
    status: row.status,
    statusReason: row.statusReason,
    statusChangedAt: new Date(row.statusChangedAt).toISOString(),
    statusChangedBy: row.statusChangedById
      ? { id: row.statusChangedById, displayName: row.statusChangedByName ?? '' }
      : null,
    createdAt: new Date(row.createdAt).toISOString(),
    version: row.version,
  };
}
