import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StaffOption, StaffRole } from '@huddle/shared-types';
import { entityColumns, selectEntities } from '../common/entity-sql';
import { ValidationError } from '../common/errors';
import { StaffUserEntity } from '../database/entities';

/** Care-team slots and the role that may fill each. */
export const CARE_TEAM_ROLE = {
  careManagerId: 'care_manager',
  consultantId: 'psychiatric_consultant',
  billingPcpId: 'pcp',
  pcpId: 'pcp',
} as const satisfies Record<string, StaffRole>;
export type CareTeamField = keyof typeof CARE_TEAM_ROLE;

const ROLE_LABEL: Record<StaffRole, string> = {
  care_manager: 'care manager',
  psychiatric_consultant: 'psychiatric consultant',
  pcp: 'primary care provider',
  leadership: 'leadership member',
  admin: 'administrator',
  kiosk: 'kiosk',
  org_leadership: 'organisation leadership member',
};

/** Data access of staff users (clinic-scoped). */
@Injectable()
export class StaffRepository {
  list(
    em: EntityManager,
    clinicId: string,
    filter: { role?: StaffRole; active?: boolean },
  ): Promise<StaffUserEntity[]> {
    return selectEntities(
      em,
      StaffUserEntity,
      `SELECT ${entityColumns(em, StaffUserEntity, 's')} FROM staff_user s
       WHERE s.clinic_id = $1 AND ($2::text IS NULL OR s.role = $2) AND ($3::boolean IS NULL OR s.active = $3)
       ORDER BY lower(s.display_name), s.id`,
      [clinicId, filter.role ?? null, filter.active ?? null],
    );
  }

  findInClinic(em: EntityManager, clinicId: string, id: string): Promise<StaffUserEntity | null> {
    return em.findOneBy(StaffUserEntity, { id, clinicId });
  }

  /** Whether another account (any clinic) has this email, case-insensitively. */
  async emailTaken(em: EntityManager, email: string, exceptId: string | null = null): Promise<boolean> {
    const rows: unknown[] = await em.query(
      'SELECT 1 FROM staff_user WHERE lower(email) = lower($1) AND id IS DISTINCT FROM $2',
      [email, exceptId],
    );
    return rows.length > 0;
  }

  async insert(em: EntityManager, values: Partial<StaffUserEntity>): Promise<StaffUserEntity> {
    return em.save(em.create(StaffUserEntity, values));
  }

  /** Open (not discharged) episodes in which the staff member holds a care-team slot. */
  async openEpisodeSlots(em: EntityManager, staffId: string): Promise<number> {
    const rows: Array<{ n: number }> = await em.query(
      `SELECT count(*)::int AS n FROM episode
       WHERE status <> 'discharged' AND $1 IN (care_manager_id, consultant_id, billing_pcp_id)`,
      [staffId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Ends every live session of the user (deactivation). */
  async revokeSessions(em: EntityManager, staffId: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE user_session SET revoked_at = $2, revoked_reason = 'deactivated' WHERE user_id = $1 AND revoked_at IS NULL`,
      [staffId, at],
    );
  }

  /** Active clinical staff with the number of open episodes they hold in their role's slot. */
  async careTeamOptions(em: EntityManager, clinicId: string): Promise<StaffOption[]> {
    const rows: Array<StaffOption> = await em.query(
      `SELECT s.id, s.display_name AS "displayName", s.role, s.fte::float AS fte,
         (SELECT count(*)::int FROM episode e WHERE e.status <> 'discharged' AND CASE s.role
            WHEN 'care_manager' THEN e.care_manager_id = s.id
            WHEN 'psychiatric_consultant' THEN e.consultant_id = s.id
            ELSE e.billing_pcp_id = s.id END) AS "openEpisodes"
       FROM staff_user s
       WHERE s.clinic_id = $1 AND s.active AND s.role IN ('care_manager', 'psychiatric_consultant', 'pcp')
       ORDER BY lower(s.display_name), s.id`,
      [clinicId],
    );
    return rows;
  }

  /** Whether `staffId` is an active staff member of the clinic with the role the slot needs. */
  async isCareTeamMember(em: EntityManager, clinicId: string, staffId: string, field: CareTeamField): Promise<boolean> {
    const rows: unknown[] = await em.query(
      'SELECT 1 FROM staff_user WHERE id = $1 AND clinic_id = $2 AND role = $3 AND active',
      [staffId, clinicId, CARE_TEAM_ROLE[field]],
    );
    return rows.length > 0;
  }

  /**
   * @throws ValidationError naming `field` unless `staffId` is an active staff member of the clinic
   *   with the role the slot needs (care manager, psychiatric consultant, PCP).
   */
  async requireCareTeamMember(
    em: EntityManager,
    clinicId: string,
    staffId: string,
    field: CareTeamField,
  ): Promise<void> {
    if (!(await this.isCareTeamMember(em, clinicId, staffId, field))) {
      const role = ROLE_LABEL[CARE_TEAM_ROLE[field]];
      throw new ValidationError(field, `${field} must be an active ${role} of your clinic`);
    }
  }
}
