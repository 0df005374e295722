import { Injectable } from '@nestjs/common';
import { CHRONIC_CONDITIONS, type CohortOutcomeCounts } from '@huddle/scoring';
import type { CohortOutcome, CohortOutcomeGroup } from '@huddle/shared-types';
import type { AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { OutcomesByCohortRepository } from './outcomes-by-cohort.repository';

const rate = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part * 1000) / whole) / 10;

function group(counts: CohortOutcomeCounts): CohortOutcomeGroup {
  return {
    ...counts,
    remissionRate: rate(counts.remission, counts.episodes),
    responseRate: rate(counts.response, counts.episodes),
  };
}

/** Remission / response of patients with vs without each chronic condition, for leadership (aggregates only). */
@Injectable()
export class OutcomesByCohortService {
  constructor(
    private readonly repository: OutcomesByCohortRepository,
    private readonly audit: AuditService,
  ) {}

  async byCohort(user: AuthUser): Promise<CohortOutcome[]> {
    const rows = await this.repository.byCohort(user.clinicId);
    await this.audit.success(user, 'outcomes.by-cohort.read', { resourceType: 'clinic', resourceId: user.clinicId });
    return rows.map((row) => ({
      condition: row.condition,
      label: CHRONIC_CONDITIONS[row.condition].label,
      with: group(row.with),
      without: group(row.without),
    }));
  }
}
