import { AssessmentEntity } from './assessment.entity';
import { AuditLogEntity } from './audit-log.entity';
import { CaseloadCoverageEntity } from './caseload-coverage.entity';
import { ClinicEntity } from './clinic.entity';
import { ConsultantReviewEntity } from './consultant-review.entity';
import { ContactEntity } from './contact.entity';
import { EpisodeEntity } from './episode.entity';
import { ManualFlagEntity } from './manual-flag.entity';
import { PatientEntity } from './patient.entity';
import { RecommendationEntity } from './recommendation.entity';
import { StaffUserEntity } from './staff-user.entity';
import { UserSessionEntity } from './user-session.entity';

export {
  AssessmentEntity,
  AuditLogEntity,
  CaseloadCoverageEntity,
  ClinicEntity,
  ConsultantReviewEntity,
  ContactEntity,
  EpisodeEntity,
  ManualFlagEntity,
  PatientEntity,
  RecommendationEntity,
  StaffUserEntity,
  UserSessionEntity,
};

export const ENTITIES = [
  AssessmentEntity,
  AuditLogEntity,
  CaseloadCoverageEntity,
  ClinicEntity,
  ConsultantReviewEntity,
  ContactEntity,
  EpisodeEntity,
  ManualFlagEntity,
  PatientEntity,
  RecommendationEntity,
  StaffUserEntity,
  UserSessionEntity,
];
