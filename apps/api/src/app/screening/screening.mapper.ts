import { daysBetween, followUpPlanCounts } from '@huddle/scoring';
import type {
  FollowUpPlanKindValue,
  ScreenerResult,
  ScreeningVisitRecord,
  ScreeningReferralRecord,
} from '@huddle/shared-types';
import type { ScreeningVisitRow } from './screening.repository';

function screener(total: number | null, cutoff: number | undefined): ScreenerResult | null {
  return total === null || cutoff === undefined ? null : { total, positive: total >= cutoff, cutoff };
}

/** A screening visit as the API answers it (response DTO, no entity). */
export function toScreeningVisitRecord(row: ScreeningVisitRow): ScreeningVisitRecord {
  const pending: ScreeningVisitRecord['pendingInstruments'] = [];
  const phq2 = screener(row.phq2_total, row.cutoffs['phq2']);
  const gad2 = screener(row.gad2_total, row.cutoffs['gad2']);
  const pc = screener(row.pcptsd5_total, row.cutoffs['pcPtsd5']);
  if (phq2?.positive && row.phq9_assessment_id === null) pending.push('PHQ9');
  if (gad2?.positive && row.gad7_assessment_id === null) pending.push('GAD7');
  if (pc?.positive && row.pcl5_assessment_id === null) pending.push('PCL5');
  const kinds = row.follow_up_kinds as FollowUpPlanKindValue[];
  const followUpPlan =
    row.follow_up_on === null
      ? null
      : { kinds, on: row.follow_up_on, note: row.follow_up_note, counts: followUpPlanCounts(kinds) };
  const pcAnswers = row.answers['pcPtsd5'] as { traumaExposure?: boolean } | undefined;
  return {
    id: row.id,
    patientId: row.patient_id,
    visitOn: row.visit_on,
    screenedBy: { id: row.screened_by, displayName: row.screened_by_name },
    phq2,
    gad2,
    auditC: screener(row.auditc_total, row.cutoffs['auditC']),
    pcPtsd5: pc === null ? null : { ...pc, traumaExposure: pcAnswers?.traumaExposure === true },
    phq9AssessmentId: row.phq9_assessment_id,
    gad7AssessmentId: row.gad7_assessment_id,
    pcl5AssessmentId: row.pcl5_assessment_id,
    depressionPositive: row.depression_positive,
    anxietyPositive: row.anxiety_positive,
    pendingInstruments: pending,
    depressionException: row.depression_exception,
    followUpPlan,
    followUpPlanNeeded: row.depression_positive === true && !(followUpPlan?.counts ?? false),
    referral: toReferral(row),
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

function toReferral(row: ScreeningVisitRow): ScreeningReferralRecord | null {
  if (row.referral_id === null || row.referred_on === null) return null;
  const days = daysBetween;
  return {
    id: row.referral_id,
    screeningVisitId: row.id,
    referredOn: row.referred_on,
    referredBy: { id: row.referred_by ?? '', displayName: row.referred_by_name ?? '' },
    warmHandoff: row.warm_handoff === true,
    handoffTakenBy:
      row.handoff_taken_by === null ? null : { id: row.handoff_taken_by, displayName: row.handoff_taken_by_name ?? '' },
    note: row.referral_note,
    journey: {
      screenedOn: row.visit_on,
      firstContactOn: row.first_contact_on,
      enrolledOn: row.enrolled_on,
      daysScreenToReferral: days(row.visit_on, row.referred_on),
      daysReferralToFirstContact: row.first_contact_on === null ? null : days(row.referred_on, row.first_contact_on),
      daysFirstContactToEnrolment:
        row.first_contact_on === null || row.enrolled_on === null ? null : days(row.first_contact_on, row.enrolled_on),
      engaged: row.engaged === true,
    },
  };
}
