import { Injectable } from '@nestjs/common';
import {
  CASELOAD_COUNTED_STATUSES,
  caseloadCapacityOf,
  evaluateCaseloadCapacity,
  type FlagThresholds,
} from '@huddle/scoring';
import type { CaseloadCapacity, IsoDate } from '@huddle/shared-types';
import { ForbiddenActionError, NotFoundError, ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { CaseloadScopeRepository } from './caseload-scope.repository';

/** Whose caseload a request reads, and whether the caller sees all of it or only their consultations. */
export interface CaseloadTarget {
  careManagerId: string;
  fte: number;
  /** Set for psychiatric consultants: only episodes they consult on. */
  consultantId: string | null;
  /** Episodes of the whole caseload in libs/scoring `CASELOAD_COUNTED_STATUSES` (the capacity figure). */
  activePatients: number;
}

/**
 * Decides which care manager's caseload a caller may read:
 * - a care manager: their own (default), or a colleague's they cover today (`caseload_coverage`), else 403;
 * - a psychiatric consultant: any care manager of the clinic (`careManagerId` required), restricted
 *   to the episodes they consult on;
 * - an unknown id, another clinic's staff member or someone who is not a care manager: 404.
 * One statement answers the check, the FTE and the capacity count (issue #13).
 */
@Injectable()
export class CaseloadScopeService {
  constructor(private readonly scopes: CaseloadScopeRepository) {}

  /** @throws 400 (no careManagerId), 404 (no such care manager of the clinic), 403 (not covering, or a role without caseloads) */
  async resolve(actor: Actor, careManagerId: string | undefined, today: IsoDate): Promise<CaseloadTarget> {
    const targetId = careManagerId ?? (actor.role === 'care_manager' ? actor.id : undefined);
    if (targetId === undefined) {
      throw new ValidationError('careManagerId', 'careManagerId is required unless you are a care manager');
    }
    const found = await this.scopes.target(
      targetId,
      actor.clinicId,
      actor.role === 'care_manager' ? actor.id : null,
      today,
      CASELOAD_COUNTED_STATUSES,
    );
    if (found === null) throw new NotFoundError('Care manager', targetId);
    const target = {
      careManagerId: targetId,
      fte: found.fte,
      consultantId: actor.role === 'psychiatric_consultant' ? actor.id : null,
      activePatients: found.activePatients,
    };
    switch (actor.role) {
      case 'care_manager':
        if (!found.covers) throw new ForbiddenActionError("You do not cover this care manager's caseload");
        return target;
      case 'psychiatric_consultant':
        return target;
      case 'pcp':
      case 'leadership':
      case 'admin':
      case 'kiosk':
      case 'org_leadership':
        throw new ForbiddenActionError('Only care managers and psychiatric consultants read caseloads');
    }
  }

  /**
   * Patients of the whole caseload (libs/scoring `CASELOAD_COUNTED_STATUSES`) against the capacity
   * `caseloadCapacityOf` — the same definitions the program metrics use.
   */
  capacity(target: CaseloadTarget, thresholds: FlagThresholds): CaseloadCapacity {
    const flag = evaluateCaseloadCapacity(target.activePatients, thresholds, target.fte);
    return {
      careManagerId: target.careManagerId,
      activePatients: target.activePatients,
      fte: target.fte,
      capacity: caseloadCapacityOf(thresholds, target.fte),
      overCapacity: flag !== null,
      flag,
    };
  }
}
