import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from './auth-user';
import { Clock } from './clock';
import { NotFoundError } from '../common/errors';
import {
  AccessRepository,
  clinicScopeSql,
  consultantEpisodesScopeSql,
  patientScopeSql,
  type SqlFragment,
} from './access.repository';
import { timed } from '../common/server-timing';
import { scopeMemo } from '../audit/composite-read';

export type { SqlFragment } from './access.repository';

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
    private readonly access: AccessRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * SQL predicate over a `patient` row aliased `alias`, for list queries.
   * @param offset number of parameters already used in the surrounding query
   */
  patientScope(user: AuthUser, alias: string, offset = 0): SqlFragment {
    return patientScopeSql(user, alias, offset, this.clock.now());
  }

  /**
   * {@link patientScope} for a list of `consultantId`'s episodes (`episodeAlias` of `patientAlias`, the
   * statement requiring `episodeAlias.consultant_id = consultantId`): for that consultant the row's own
   * episode decides, without a probe per row; for anyone else, {@link patientScope}.
   * @param offset number of parameters already used in the surrounding query
   */
  consultantEpisodesScope(
    user: AuthUser,
    consultantId: string,
    aliases: { patient: string; episode: string },
    offset = 0,
  ): SqlFragment {
    return consultantEpisodesScopeSql(user, consultantId, aliases, offset, this.clock.now());
  }

  /**
   * SQL predicate for the clinic-wide billing worklist (`Permission.BILLING_WORKLIST_READ`, checked by
   * the route): every patient of the caller's clinic, never another clinic's.
   * @param offset number of parameters already used in the surrounding query
   */
  billingWorklistScope(user: AuthUser, alias: string, offset = 0): SqlFragment {
    return clinicScopeSql(user.clinicId, alias, offset);
  }

  /**
   * SQL predicate for clinic-wide aggregates (`Permission.OUTCOMES_READ`, checked by the route: quality
   * measures counted over every patient of the caller's clinic, answered as counts only).
   * @param offset number of parameters already used in the surrounding query
   */
  clinicAggregateScope(user: AuthUser, alias: string, offset = 0): SqlFragment {
    return clinicScopeSql(user.clinicId, alias, offset);
  }

  /**
   * Throws 404 unless the caller may see the patient. Use before any read or write of patient data;
   * pass the transaction's manager for writes.
   */
  async requirePatient(user: AuthUser, patientId: string, em?: EntityManager): Promise<void> {
    // Within one composite read (the patient page) the patient is looked up in scope once.
    const memo = `${user.id}|${user.role}|${patientId}`;
    if (scopeMemo.has(memo)) return;
    const inScope = await timed('scope', () =>
      this.access.patientInScope(patientId, this.patientScope(user, 'p', 1), em),
    );
    if (!inScope) throw new NotFoundError('Patient', patientId);
    scopeMemo.remember(memo);
  }
}
