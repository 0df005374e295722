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
import type { SqlParams } from '../registry-sql/sql-params';
import {
  CaseloadScopeRepository,
  caseloadTargetFragments,
  type CaseloadTargetFragments,
} from './caseload-scope.repository';

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
 *
 * The check can run in one statement of its own ({@link resolve}) or folded into the caseload's
 * aggregate statement ({@link foldedCheck}, issue #13); both answer the same.
 */
@Injectable()
export class CaseloadScopeService {
  constructor(private readonly scopes: CaseloadScopeRepository) {}

  /** The care manager whose caseload is asked for. @throws 400 when a non-care manager names none */
  targetId(actor: Actor, careManagerId: string | undefined): string {
    const targetId = careManagerId ?? (actor.role === 'care_manager' ? actor.id : undefined);
    if (targetId === undefined) {
      throw new ValidationError('careManagerId', 'careManagerId is required unless you are a care manager');
    }
    return targetId;
  }

  /** Whether {@link foldedCheck} applies: the roles that read caseloads (care managers, consultants). */
  foldable(actor: Actor): boolean {
    return actor.role === 'care_manager' || actor.role === 'psychiatric_consultant';
  }

  /**
   * The check of {@link resolve} as SQL for the caseload statement (care managers and consultants; null
   * for other roles, which never read a caseload). When the statement returns no row, call {@link resolve}.
   */
  foldedCheck(actor: Actor, targetId: string, today: IsoDate, p: SqlParams): CaseloadTargetFragments | null {
    if (!this.foldable(actor)) return null;
    return caseloadTargetFragments(p, {
      careManagerId: targetId,
      clinicId: actor.clinicId,
      callerId: actor.role === 'care_manager' ? actor.id : null,
      day: today,
      statuses: CASELOAD_COUNTED_STATUSES,
    });
  }

  /** The target once the folded check passed (the statement returned rows with its columns). */
  folded(actor: Actor, targetId: string, fte: number, activePatients: number): CaseloadTarget {
    return {
      careManagerId: targetId,
      fte,
      consultantId: actor.role === 'psychiatric_consultant' ? actor.id : null,
      activePatients,
    };
  }

  /** @throws 400 (no careManagerId), 404 (no such care manager of the clinic), 403 (not covering, or a role without caseloads) */
  async resolve(actor: Actor, careManagerId: string | undefined, today: IsoDate): Promise<CaseloadTarget> {
    const targetId = this.targetId(actor, careManagerId);
    const found = await this.scopes.target(
      targetId,
      actor.clinicId,
      actor.role === 'care_manager' ? actor.id : null,
      today,
      CASELOAD_COUNTED_STATUSES,
    );
    if (found === null) throw new NotFoundError('Care manager', targetId);
    const target = this.folded(actor, targetId, found.fte, found.activePatients);
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
