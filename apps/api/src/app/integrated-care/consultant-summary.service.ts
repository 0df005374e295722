import { Injectable } from '@nestjs/common';
import { ANXIETY_INSTRUMENT_ID, TRACKING_INSTRUMENT_ID } from '@huddle/scoring';
import type { ConsultantSummary } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/request-actor';
import { CarePreferencesRepository } from './care-preferences.repository';
import { ConsultantSummaryRepository } from './consultant-summary.repository';
import { ProblemListRepository } from './problem-list.repository';
import { SocialNeedsRepository } from './social-needs.repository';

/**
 * The consultant's one-screen summary of a patient (issue #17): PHQ-9 / GAD-7 baseline → latest of
 * the current episode, current medications, the problem list with chronic conditions, the latest
 * HbA1c and blood pressure, open social needs and the care preferences. One audit row.
 */
@Injectable()
export class ConsultantSummaryService {
  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly summary: ConsultantSummaryRepository,
    private readonly problems: ProblemListRepository,
    private readonly needs: SocialNeedsRepository,
    private readonly preferences: CarePreferencesRepository,
  ) {}

  async of(actor: Actor, patientId: string): Promise<ConsultantSummary> {
    await this.access.requirePatient(actor, patientId);
    const [displayName, scores, medications, problems, vitals, openNeeds, preferences] = await Promise.all([
      this.summary.displayName(patientId),
      this.summary.scores(patientId, [TRACKING_INSTRUMENT_ID, ANXIETY_INSTRUMENT_ID]),
      this.summary.currentMedications(patientId),
      this.problems.list(patientId),
      this.problems.vitals(patientId),
      this.needs.openNeedsOf([patientId]),
      this.preferences.of(patientId),
    ]);
    await this.audit.success(actor, 'consultant-summary.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: {},
    });
    return {
      patientId,
      displayName,
      scores: scores.map((s) => ({
        ...s,
        changePercent:
          s.baseline !== null && s.latest !== null && s.baseline > 0 && s.count > 1
            ? Math.round(((s.latest - s.baseline) * 100) / s.baseline)
            : null,
      })),
      medications,
      problems,
      vitals,
      openNeeds,
      preferences,
    };
  }
}
