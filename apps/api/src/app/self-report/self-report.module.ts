import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ClinicsModule } from '../clinics/clinics.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Mailer } from './notify/mailer.service';
import { SMS_TRANSPORT, smsTransportFrom } from './notify/sms.transport';
import { SelfReportController } from './self-report.controller';
import { SelfReportDelivery } from './self-report-delivery.service';
import { SelfReportFormService } from './self-report-form.service';
import { SelfReportJobs } from './self-report-jobs.service';
import { SelfReportPublicController } from './self-report-public.controller';
import { SelfReportRepository } from './self-report.repository';
import { SelfReportService } from './self-report.service';

/**
 * Patient self-report (issue #16): secure links by email/SMS, the public form, kiosk codes, the
 * measurement schedule with reminders and urgent safety alerts on the PostgreSQL job queue.
 */
@Module({
  imports: [AssessmentsModule, ClinicsModule],
  controllers: [SelfReportPublicController, SelfReportController],
  providers: [
    Mailer,
    { provide: SMS_TRANSPORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => smsTransportFrom(config) },
    SelfReportRepository,
    SelfReportDelivery,
    SelfReportJobs,
    SelfReportService,
    SelfReportFormService,
  ],
  exports: [SelfReportJobs, SelfReportDelivery],
})
export class SelfReportModule {}
