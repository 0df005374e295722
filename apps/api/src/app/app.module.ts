import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { loggerParams } from './common/logging';
import { OverviewModule } from './overview/overview.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { FlagsModule } from './flags/flags.module';
import { CaseloadModule } from './caseload/caseload.module';
import { CaseloadTransferModule } from './caseload/caseload-transfer.module';
import { ReviewModule } from './review/review.module';
import { ClinicsModule } from './clinics/clinics.module';
import { StaffModule } from './staff/staff.module';
import { PatientsModule } from './patients/patients.module';
import { EpisodesModule } from './episodes/episodes.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { ContactsModule } from './contacts/contacts.module';
import { BillingModule } from './billing/billing.module';
import { CareRecordModule } from './care-record/care-record.module';
import { IntegratedCareModule } from './integrated-care/integrated-care.module';
import { FlagLifecycleModule } from './flag-lifecycle/flag-lifecycle.module';
import { JobsModule } from './jobs/jobs.module';
import { EventsModule } from './events/events.module';
import { AuditAnchorModule } from './audit-anchor/audit-anchor.module';
import { FhirModule } from './fhir/fhir.module';
import { FhirImportModule } from './fhir-import/fhir-import.module';
import { CsvImportModule } from './csv-import/csv-import.module';
import { ExportsModule } from './exports/exports.module';
import { SelfReportModule } from './self-report/self-report.module';
import { MeasuresModule } from './measures/measures.module';
import { PatientPageModule } from './patient-page/patient-page.module';
import { ScreeningModule } from './screening/screening.module';

@Module({})
export class AppModule {
  /** @param databaseUrl the server to use (DATABASE_URL or the embedded one started by main). */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        DatabaseModule.forRoot(databaseUrl, {
          replicaUrl: config.DATABASE_REPLICA_URL,
          directUrl: config.DATABASE_DIRECT_URL,
          preparedStatements: config.PG_PREPARED_STATEMENTS,
        }),
        EventsModule,
        JobsModule.forRoot(config.DATABASE_DIRECT_URL ?? databaseUrl),
        AuditModule,
        AuthModule,
        HealthModule,
        OverviewModule,
        OutcomesModule,
        FlagsModule,
        CaseloadModule,
        CaseloadTransferModule,
        ReviewModule,
        ClinicsModule,
        StaffModule,
        PatientsModule,
        EpisodesModule,
        AssessmentsModule,
        ContactsModule,
        BillingModule,
        CareRecordModule,
        FlagLifecycleModule,
        AuditAnchorModule,
        FhirModule,
        FhirImportModule,
        CsvImportModule,
        ExportsModule,
        SelfReportModule,
        MeasuresModule,
        PatientPageModule,
        ScreeningModule,
        IntegratedCareModule,
      ],
    };
  }
}
