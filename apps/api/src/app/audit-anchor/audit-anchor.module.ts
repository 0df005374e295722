import { Module } from '@nestjs/common';
import { AuditCheckpointService } from './audit-checkpoint.service';

/** Signed checkpoints of the audit chain head outside the database (issue #14). */
@Module({ providers: [AuditCheckpointService], exports: [AuditCheckpointService] })
export class AuditAnchorModule {}
