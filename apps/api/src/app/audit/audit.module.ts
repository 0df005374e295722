import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Clock } from '../auth/clock';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditReadService } from './audit-read.service';
import { AuditService } from './audit.service';

/** The audit log: appending (global `AuditService`), `@Audited` routes, and the admins' search. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    Clock,
    AuditQueryRepository,
    AuditReadService,
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AuditService, Clock],
})
export class AuditModule {}
