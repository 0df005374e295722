import { Global, Module } from '@nestjs/common';
import { Clock } from '../auth/clock';
import { AuditController } from './audit.controller';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditReadService } from './audit-read.service';
import { AuditService } from './audit.service';

/** The audit log: appending (global `AuditService`) and the admins' search. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, Clock, AuditQueryRepository, AuditReadService],
  exports: [AuditService, Clock],
})
export class AuditModule {}
