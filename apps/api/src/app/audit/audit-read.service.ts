import { Injectable } from '@nestjs/common';
import type { AuditEventPage } from '@huddle/shared-types';
import type { Actor } from '../common/request-actor';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditService } from './audit.service';
import type { AuditQueryDto } from './dto/audit-query.dto';

/** Search of the audit log for clinic admins; every search is recorded (`audit.read`). */
@Injectable()
export class AuditReadService {
  constructor(
    private readonly repository: AuditQueryRepository,
    private readonly audit: AuditService,
  ) {}

  async search(actor: Actor, query: AuditQueryDto): Promise<AuditEventPage> {
    const page = await this.repository.search(actor.clinicId, query);
    await this.audit.success(actor, 'audit.read', {
      resourceType: 'audit_log',
      patientId: query.patientId ?? null,
      details: { filters: Object.keys(query).sort(), returned: page.items.length },
    });
    return page;
  }
}
