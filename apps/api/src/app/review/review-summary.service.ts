import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { computeEpisodeMeasures, type FlagThresholds } from '@huddle/scoring';
import type { InstrumentTrend, IsoDate, PatientReviewSummary, ScorePoint, StaffRef } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/request-actor';
import { PatientFlagsService } from '../flags/patient-flags.service';
import { firstRow } from '../flags/sql-params';
import { OPEN_RECOMMENDATION_STATUSES } from './recommendation-transitions';
import { ReviewRepository } from './review.repository';

const TREND_POINTS = 52;

interface PatientRow {
  id: string;
  givenName: string;
  familyName: string;
  mrn: string;
  birthDate: IsoDate;
  pcpId: string | null;
  pcpName: string | null;
}

interface EpisodeRow {
  diagnoses: string[];
  dischargedAt: IsoDate | null;
  careManagerId: string | null;
  careManagerName: string | null;
  consultantId: string | null;
  consultantName: string | null;
  billingPcpId: string | null;
  billingPcpName: string | null;
}

/**
 * One-screen review summary of a patient: latest scores with trend (`computeEpisodeMeasures`),
 * current flags, last review with its recommendations, open recommendations and the care team.
 */
@Injectable()
export class ReviewSummaryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly flags: PatientFlagsService,
    private readonly reviews: ReviewRepository,
  ) {}

  /** @throws 404 outside the caller's patients. */
  async summary(actor: Actor, patientId: string): Promise<PatientReviewSummary> {
    await this.access.requirePatient(actor, patientId);
    const patients: PatientRow[] = await this.db.query(
      `SELECT p.id, p.given_name AS "givenName", p.family_name AS "familyName", p.mrn, p.birth_date::text AS "birthDate",
         p.pcp_id AS "pcpId", s.display_name AS "pcpName"
       FROM patient p LEFT JOIN staff_user s ON s.id = p.pcp_id WHERE p.id = $1`,
      [patientId],
    );
    const patient = firstRow(patients, `patient ${patientId}`);
    const { rules, aggregate, computed, manual } = await this.flags.openEpisodeFlags(actor.clinicId, patientId);
    const episode = aggregate ? await this.episode(aggregate.episodeId) : null;
    const trend = (instrument: 'PHQ9' | 'GAD7'): Promise<InstrumentTrend> =>
      aggregate
        ? this.trend(aggregate.episodeId, instrument, {
            enrolledAt: aggregate.enrolledAt,
            dischargedAt: episode?.dischargedAt ?? null,
            asOf: rules.asOf,
            thresholds: rules.thresholds,
          })
        : Promise.resolve({ measures: null, points: [] });
    const openRecommendations = aggregate
      ? (await this.reviews.recommendationsOfPatient(patientId, OPEN_RECOMMENDATION_STATUSES)).filter(
          (rec) => rec.episodeId === aggregate.episodeId,
        )
      : [];

    const result: PatientReviewSummary = {
      patient: {
        id: patient.id,
        givenName: patient.givenName,
        familyName: patient.familyName,
        mrn: patient.mrn,
        birthDate: patient.birthDate,
      },
      episode: aggregate
        ? {
            id: aggregate.episodeId,
            status: aggregate.status,
            enrolledAt: aggregate.enrolledAt,
            weeksInTreatment: aggregate.weeksInTreatment,
            diagnoses: episode?.diagnoses ?? [],
            reviewRequested: aggregate.reviewRequested,
          }
        : null,
      asOf: rules.asOf,
      phq9: await trend('PHQ9'),
      gad7: await trend('GAD7'),
      flags: computed,
      manualFlags: manual,
      lastReview: aggregate ? await this.reviews.lastReview(aggregate.episodeId) : null,
      openRecommendations,
      careTeam: {
        careManager: ref(episode?.careManagerId, episode?.careManagerName),
        consultant: ref(episode?.consultantId, episode?.consultantName),
        pcp: ref(patient.pcpId, patient.pcpName),
        billingPcp: ref(episode?.billingPcpId, episode?.billingPcpName),
      },
    };
    await this.audit.success(actor, 'review.summary.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { episodeId: aggregate?.episodeId ?? null },
    });
    return result;
  }

  private async episode(episodeId: string): Promise<EpisodeRow | null> {
    const rows: EpisodeRow[] = await this.db.query(
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

  private async trend(
    episodeId: string,
    instrument: 'PHQ9' | 'GAD7',
    options: { enrolledAt: IsoDate | null; dischargedAt: IsoDate | null; asOf: IsoDate; thresholds: FlagThresholds },
  ): Promise<InstrumentTrend> {
    const points: ScorePoint[] = await this.db.query(
      `SELECT administered_on::text AS date, total FROM assessment
       WHERE episode_id = $1 AND instrument = $2 AND complete AND administered_on <= $3::date
       ORDER BY administered_on, created_at, id`,
      [episodeId, instrument, options.asOf],
    );
    const measures = options.enrolledAt
      ? computeEpisodeMeasures(points, {
          enrolledAt: options.enrolledAt,
          asOf: options.asOf,
          dischargedAt: options.dischargedAt,
          instrumentId: instrument,
          thresholds: options.thresholds,
        })
      : null;
    return { measures, points: points.slice(-TREND_POINTS) };
  }
}

function ref(id: string | null | undefined, displayName: string | null | undefined): StaffRef | null {
  return id ? { id, displayName: displayName ?? '' } : null;
}
