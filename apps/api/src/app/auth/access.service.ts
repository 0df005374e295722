import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from './auth-user';
import { Clock } from './clock';
import { NotFoundError } from '../common/errors';

/** A SQL boolean expression plus its positional parameters, starting at `$<offset+1>`. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/**
 * Which patients a caller may see — the one place that decides it (issue #5):
 * - care manager: patients with an episode on their caseload, or on a colleague's caseload they cover
 *   today (the clinic's date), plus unassigned referrals of their clinic;
 * - psychiatric consultant: patients with an episode they consult on;
 * - PCP: their own patients (patient PCP or episode billing PCP);
 * - leadership, admin, organisation leadership: no patient-level access (aggregates only); kiosk: none
 *   either (it redeems codes).
 * Always within the caller's clinic. Anything outside answers 404, so existence is not revealed.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * SQL predicate over a `patient` row aliased `alias`, for list queries.
   * @param offset number of parameters already used in the surrounding query
   */
  patientScope(user: AuthUser, alias: string, offset = 0): SqlFragment {
    const clinic = `$${offset + 1}`;
    const me = `$${offset + 2}`;
    const params = [user.clinicId, user.id];
    const inClinic = `${alias}.clinic_id = ${clinic}`;
    switch (user.role) {
      case 'care_manager': {
        // Coverage days are the clinic's calendar days, by the API's clock (migration 1764000011000).
        const today = `clinic_local_date(${clinic}, $${offset + 3}::timestamptz)`;
        return {
          sql: `(${inClinic} AND EXISTS (
            SELECT 1 FROM episode e_s WHERE e_s.patient_id = ${alias}.id AND (
              e_s.care_manager_id IS NULL
              OR e_s.care_manager_id = ${me}
              OR e_s.care_manager_id IN (
                SELECT cc.covered_staff_id FROM caseload_coverage cc
                WHERE cc.covering_staff_id = ${me} AND cc.starts_on <= ${today}
                  AND (cc.ends_on IS NULL OR cc.ends_on >= ${today})))))`,
          params: [...params, this.clock.now().toISOString()],
        };
      }
      case 'psychiatric_consultant':
        return {
          sql: `(${inClinic} AND EXISTS (SELECT 1 FROM episode e_s WHERE e_s.patient_id = ${alias}.id AND e_s.consultant_id = ${me}))`,
          params,
        };
      case 'pcp':
        return {
          sql: `(${inClinic} AND (${alias}.pcp_id = ${me} OR EXISTS (
            SELECT 1 FROM episode e_s WHERE e_s.patient_id = ${alias}.id AND e_s.billing_pcp_id = ${me})))`,
          params,
        };
      case 'leadership':
      case 'admin':
      case 'kiosk':
      case 'org_leadership':
        return { sql: `(FALSE AND ${inClinic} AND ${me}::uuid IS NULL)`, params };
    }
  }

  /**
   * SQL predicate for the clinic-wide billing worklist (`Permission.BILLING_WORKLIST_READ`, checked by
   * the route): every patient of the caller's clinic, never another clinic's.
   * @param offset number of parameters already used in the surrounding query
   */
  billingWorklistScope(user: AuthUser, alias: string, offset = 0): SqlFragment {
    return { sql: `(${alias}.clinic_id = $${offset + 1})`, params: [user.clinicId] };
  }

  /**
   * Throws 404 unless the caller may see the patient. Use before any read or write of patient data;
   * pass the transaction's manager for writes.
   */
  async requirePatient(user: AuthUser, patientId: string, em: EntityManager = this.db.manager): Promise<void> {
    const scope = this.patientScope(user, 'p', 1);
    const rows: unknown[] = await em.query(`SELECT 1 FROM patient p WHERE p.id = $1 AND ${scope.sql}`, [
      patientId,
      ...scope.params,
    ]);
    if (rows.length === 0) throw new NotFoundError('Patient', patientId);
  }
}
