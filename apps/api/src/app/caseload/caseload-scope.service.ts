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
}

/**
 * Decides which care manager's caseload a caller may read:
 * - a care manager: their own (default), or a colleague's they cover today (`caseload_coverage`), else 403;
 * - a psychiatric consultant: any care manager of the clinic (`careManagerId` required), restricted
 *   to the episodes they consult on;
 * - an unknown id, another clinic's staff member or someone who is not a care manager: 404.
 */
@Injectable()
export class CaseloadScopeService {
  constructor(private readonly scopes: CaseloadScopeRepository) {}

  async resolve(actor: Actor, careManagerId: string | undefined, today: IsoDate): Promise<CaseloadTarget> {
    const targetId = careManagerId ?? (actor.role === 'care_manager' ? actor.id : undefined);
    if (targetId === undefined) {
      throw new ValidationError('careManagerId', 'careManagerId is required unless you are a care manager');
    }
    const fte = await this.scopes.careManagerFte(targetId, actor.clinicId);
    if (fte === null) throw new NotFoundError('Care manager', targetId);
    const target = { careManagerId: targetId, fte, consultantId: null };
    switch (actor.role) {
      case 'care_manager':
        if (targetId !== actor.id && !(await this.scopes.covers(actor.id, targetId, actor.clinicId, today))) {
          throw new ForbiddenActionError("You do not cover this care manager's caseload");
        }
        return target;
      case 'psychiatric_consultant':
        return { ...target, consultantId: actor.id };
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
  async capacity(target: CaseloadTarget, clinicId: string, thresholds: FlagThresholds): Promise<CaseloadCapacity> {
    const activePatients = await this.scopes.countCaseload(target.careManagerId, clinicId, CASELOAD_COUNTED_STATUSES);
    const flag = evaluateCaseloadCapacity(activePatients, thresholds, target.fte);
    return {
      careManagerId: target.careManagerId,
      activePatients,
      fte: target.fte,
      capacity: caseloadCapacityOf(thresholds, target.fte),
      overCapacity: flag !== null,
      flag,
    };
  }
}
