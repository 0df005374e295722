import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { evaluateCaseloadCapacity, type FlagThresholds } from '@huddle/scoring';
import { ACTIVE_EPISODE_STATUSES, type CaseloadCapacity, type IsoDate } from '@huddle/shared-types';
import { ForbiddenActionError, NotFoundError, ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';

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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async resolve(actor: Actor, careManagerId: string | undefined, today: IsoDate): Promise<CaseloadTarget> {
    const targetId = careManagerId ?? (actor.role === 'care_manager' ? actor.id : undefined);
    if (targetId === undefined) {
      throw new ValidationError('careManagerId', 'careManagerId is required unless you are a care manager');
    }
    const rows: Array<{ fte: string }> = await this.db.query(
      `SELECT fte FROM staff_user WHERE id = $1 AND clinic_id = $2 AND role = 'care_manager'`,
      [targetId, actor.clinicId],
    );
    const staff = rows[0];
    if (!staff) throw new NotFoundError('Care manager', targetId);
    const target = { careManagerId: targetId, fte: Number(staff.fte), consultantId: null };
    switch (actor.role) {
      case 'care_manager':
        if (targetId !== actor.id && !(await this.covers(actor, targetId, today))) {
          throw new ForbiddenActionError("You do not cover this care manager's caseload");
        }
        return target;
      case 'psychiatric_consultant':
        return { ...target, consultantId: actor.id };
      case 'pcp':
      case 'leadership':
      case 'admin':
      case 'kiosk':
        throw new ForbiddenActionError('Only care managers and psychiatric consultants read caseloads');
    }
  }

  /** Active patients (enrolled, active, relapse prevention) of the whole caseload against capacity. */
  async capacity(target: CaseloadTarget, clinicId: string, thresholds: FlagThresholds): Promise<CaseloadCapacity> {
    const rows: Array<{ n: string }> = await this.db.query(
      `SELECT count(*) AS n FROM episode
       WHERE care_manager_id = $1 AND clinic_id = $2 AND status <> 'discharged' AND status = ANY($3::text[])`,
      [target.careManagerId, clinicId, ACTIVE_EPISODE_STATUSES],
    );
    const activePatients = Number(rows[0]?.n ?? 0);
    const flag = evaluateCaseloadCapacity(activePatients, thresholds, target.fte);
    return {
      careManagerId: target.careManagerId,
      activePatients,
      fte: target.fte,
      capacity: Math.floor(thresholds.caseloadCapacity * target.fte),
      overCapacity: flag !== null,
      flag,
    };
  }

  private async covers(actor: Actor, coveredId: string, today: IsoDate): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM caseload_coverage
       WHERE covering_staff_id = $1 AND covered_staff_id = $2 AND clinic_id = $3
         AND starts_on <= $4::date AND (ends_on IS NULL OR ends_on >= $4::date)`,
      [actor.id, coveredId, actor.clinicId, today],
    );
    return rows.length > 0;
  }
}
