import { Injectable } from '@nestjs/common';
import { computeEpisodeMeasures, type FlagThresholds } from '@huddle/scoring';
import type { InstrumentTrend, IsoDate, PatientReviewSummary, StaffRef } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/request-actor';
import { PatientFlagsService } from '../flags/patient-flags.service';
import { NotFoundError } from '../common/errors';
import { OPEN_RECOMMENDATION_STATUSES } from './recommendation-transitions';
import { ReviewSummaryRepository } from './review-summary.repository';
import { ReviewRepository } from './review.repository';

const TREND_POINTS = 52;

/**
 * One-screen review summary of a patient: latest scores with trend (`computeEpisodeMeasures`),
 * current flags, last review with its recommendations, open recommendations and the care team.
 */
@Injectable()
export class ReviewSummaryService {
  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly flags: PatientFlagsService,
    private readonly reviews: ReviewRepository,
    private readonly rows: ReviewSummaryRepository,
  ) {}

  /** @throws 404 outside the caller's patients. */
  async summary(actor: Actor, patientId: string): Promise<PatientReviewSummary> {
    await this.access.requirePatient(actor, patientId);
    const patient = await this.rows.patient(patientId);
    if (!patient) throw new NotFoundError('Patient', patientId);
    const { rules, aggregate, computed, manual } = await this.flags.openEpisodeFlags(actor.clinicId, patientId);
    const episode = aggregate ? await this.rows.episode(aggregate.episodeId) : null;
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

  private async trend(
    episodeId: string,
    instrument: 'PHQ9' | 'GAD7',
    options: { enrolledAt: IsoDate | null; dischargedAt: IsoDate | null; asOf: IsoDate; thresholds: FlagThresholds },
  ): Promise<InstrumentTrend> {
    const points = await this.rows.scorePoints(episodeId, instrument, options.asOf);
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
