import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { RegistryPartA1764000001000 } from './1764000001000-registry-part-a';
import { CaseloadAndReview1764000002000 } from './1764000002000-caseload-and-review';
import { AuthAndAudit1764000003000 } from './1764000003000-auth-and-audit';
import { OutcomesIndexes1764000004000 } from './1764000004000-outcomes-indexes';
import { EpisodeSummary1764000005000 } from './1764000005000-episode-summary';
import { RegistryChanges1764000006000 } from './1764000006000-registry-changes';
import { OutcomesSpeed1764000007000 } from './1764000007000-outcomes-speed';
import { AuditPatientLists1764000008000 } from './1764000008000-audit-patient-lists';
import { AuditAppend1764000009000 } from './1764000009000-audit-append';
import { AuditAtCommit1764000010000 } from './1764000010000-audit-at-commit';
import { ClinicLocalDate1764000011000 } from './1764000011000-clinic-local-date';
import { FlagLifecycle1764000012000 } from './1764000012000-flag-lifecycle';
import { CareRecord1764000013000 } from './1764000013000-care-record';
import { ScoringConstants1764000014000 } from './1764000014000-scoring-constants';
import { AccessHardening1764000016000 } from './1764000016000-access-hardening';
import { LeastPrivilege1764000017000 } from './1764000017000-least-privilege';
import { FhirBulkExport1764000018000 } from './1764000018000-fhir-bulk-export';
import { InteropImport1764000019000 } from './1764000019000-interop-import';
import { SelfReport1764000020000 } from './1764000020000-self-report';
import { OidcLogout1764000022000 } from './1764000022000-oidc-logout';
import { SharedRateLimits1764000025000 } from './1764000025000-shared-rate-limits';
import { ScreeningAndOrganisations1764000027000 } from './1764000027000-screening-and-organisations';
import { IntegratedCareTeam1764000028000 } from './1764000028000-integrated-care-team';
import { HuddleSchedule1764000029000 } from './1764000029000-huddle-schedule';
import { AssessmentReferenceIndexes1764000030000 } from './1764000030000-assessment-reference-indexes';
import { ScopedRegistryChanges1764000032000 } from './1764000032000-scoped-registry-changes';
import { EpisodeOwnerIndexes1764000034000 } from './1764000034000-episode-owner-indexes';
import { ImportBulkPath1764000035000 } from './1764000035000-import-bulk-path';
import { AuditLockWithoutFlushWait1764000036000 } from './1764000036000-audit-lock-without-flush-wait';
import { SummaryRefreshGenericPlan1764000036500 } from './1764000036500-summary-refresh-generic-plan';
import { ImportKeysInBulkPath1764000039000 } from './1764000039000-import-keys-in-bulk-path';
import { TimeOrderedImportIds1764000039100 } from './1764000039100-time-ordered-import-ids';
import { PatientNamedRegistryChanges1764000040000 } from './1764000040000-patient-named-registry-changes';
import { StaticRegistryNotifications1764000041000 } from './1764000041000-static-registry-notifications';

/** Every migration, in order. Listed explicitly so bundles and tests load the same set. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  RegistryPartA1764000001000,
  CaseloadAndReview1764000002000,
  AuthAndAudit1764000003000,
  OutcomesIndexes1764000004000,
  EpisodeSummary1764000005000,
  RegistryChanges1764000006000,
  OutcomesSpeed1764000007000,
  AuditPatientLists1764000008000,
  AuditAppend1764000009000,
  AuditAtCommit1764000010000,
  ClinicLocalDate1764000011000,
  FlagLifecycle1764000012000,
  CareRecord1764000013000,
  ScoringConstants1764000014000,
  AccessHardening1764000016000,
  LeastPrivilege1764000017000,
  FhirBulkExport1764000018000,
  InteropImport1764000019000,
  SelfReport1764000020000,
  OidcLogout1764000022000,
  SharedRateLimits1764000025000,
  ScreeningAndOrganisations1764000027000,
  IntegratedCareTeam1764000028000,
  HuddleSchedule1764000029000,
  AssessmentReferenceIndexes1764000030000,
  ScopedRegistryChanges1764000032000,
  EpisodeOwnerIndexes1764000034000,
  ImportBulkPath1764000035000,
  AuditLockWithoutFlushWait1764000036000,
  SummaryRefreshGenericPlan1764000036500,
  ImportKeysInBulkPath1764000039000,
  TimeOrderedImportIds1764000039100,
  PatientNamedRegistryChanges1764000040000,
  StaticRegistryNotifications1764000041000,
];
