import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StaffRole } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import type { AuthUser } from '../auth/auth-user';
import { continuesEarlierEpisodeSql, episodeStartSql } from './episode-continuation.sql';

/** The episode whose consent–discharge window bounds a patient's billing month. */
export interface BillingEpisodeRow {
  episodeId: string;
  patientId: string;
  /** Month of the episode's start = first CoCM month (99492). */
  startOn: string;
  consentOn: string | null;
  dischargedOn: string | null;
  /** Started within 6 months of an earlier episode's discharge: no initial month (99492). */
  continuesEarlierEpisode: boolean;
}

export interface BillingEntryRow {
  staffId: string;
  staffRole: StaffRole;
  startedAt: Date;
  minutes: number;
}

/** One patient of the monthly report: merged, clipped care-manager minutes computed in SQL. */
export interface MonthlyMinutesRow extends BillingEpisodeRow {
  mrn: string;
  givenName: string;
  familyName: string;
  careManagerId: string | null;
  minutes: number;
  /** Start of the countable window in the month (consent day or the month's first day, local midnight). */
  windowStart: Date;
  careManagerName: string | null;
  billingPcpId: string | null;
  billingPcpName: string | null;
}

/** `$2` = month `YYYY-MM`: episodes with consent on/before the month's last day and not discharged before it. */
const EPISODE_IN_MONTH = `e.consent_on IS NOT NULL
  AND e.consent_on < (($2 || '-01')::date + interval '1 month')
  AND (e.discharged_on IS NULL OR e.discharged_on >= ($2 || '-01')::date)`;

const EPISODE_COLUMNS = `e.id AS "episodeId", e.patient_id AS "patientId",
  ${episodeStartSql('e')}::text AS "startOn", e.consent_on::text AS "consentOn",
  e.discharged_on::text AS "dischargedOn", ${continuesEarlierEpisodeSql('e')} AS "continuesEarlierEpisode"`;

/**
 * SQL for CoCM billing. Time entries are the contacts attached to the episode. Per patient and month,
 * the billing episode is the most recently consented one whose consent–discharge window touches the
 * month (as in the leadership billing summary, `OutcomesRepository.billingSummary`).
 */
@Injectable()
export class BillingRepository {
  constructor(private readonly access: AccessService) {}

  /** The patient's billing episode for `month`, else their latest episode (the month then lies outside it). */
  async billingEpisode(em: EntityManager, patientId: string, month: string): Promise<BillingEpisodeRow | null> {
    const rows: Array<BillingEpisodeRow & { inMonth: boolean }> = await em.query(
      `SELECT ${EPISODE_COLUMNS}, (${EPISODE_IN_MONTH}) AS "inMonth"
       FROM episode e WHERE e.patient_id = $1
       ORDER BY (${EPISODE_IN_MONTH}) DESC, e.consent_on DESC NULLS LAST, e.created_at DESC LIMIT 1`,
      [patientId, month],
    );
    const row = rows[0];
    return row
      ? {
          episodeId: row.episodeId,
          patientId: row.patientId,
          startOn: row.startOn,
          consentOn: row.consentOn,
          dischargedOn: row.dischargedOn,
          continuesEarlierEpisode: row.continuesEarlierEpisode,
        }
      : null;
  }

  /** Contacts of the episode whose interval touches the month in the clinic's time zone. */
  entries(em: EntityManager, episodeId: string, month: string, timeZone: string): Promise<BillingEntryRow[]> {
    return em.query(
      `WITH m AS (SELECT ($2 || '-01')::timestamp AT TIME ZONE $3 AS lo,
                         (($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE $3 AS hi)
       SELECT c.staff_id AS "staffId", s.role AS "staffRole", c.started_at AS "startedAt", c.minutes
       FROM contact c JOIN staff_user s ON s.id = c.staff_id, m
       WHERE c.episode_id = $1 AND c.started_at < m.hi AND c.started_at + make_interval(mins => c.minutes) > m.lo
       ORDER BY c.started_at`,
      [episodeId, month, timeZone],
    );
  }

  /**
   * Per patient in the caller's scope with a billing episode in the month: care-manager minutes
   * merged per staff member (`range_agg`, overlaps count once), clipped to the month and to consent …
   * end of the discharge day, summed over staff and floored — the same arithmetic as
   * `computeMonthlyBilling`, done in PostgreSQL so no time entries reach Node.
   */
  async monthlyMinutes(
    em: EntityManager,
    user: AuthUser,
    month: string,
    timeZone: string,
    reach: 'own patients' | 'clinic worklist' = 'own patients',
  ): Promise<MonthlyMinutesRow[]> {
    const scope =
      reach === 'clinic worklist'
        ? this.access.billingWorklistScope(user, 'p', 2)
        : this.access.patientScope(user, 'p', 2);
    return em.query(
      `WITH m AS (
         SELECT tstzrange(($2 || '-01')::timestamp AT TIME ZONE $1,
                          (($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE $1) AS r
       ),
       ep AS (
         SELECT DISTINCT ON (e.patient_id) ${EPISODE_COLUMNS}, e.care_manager_id AS "careManagerId",
           e.billing_pcp_id AS "billingPcpId",
           p.mrn, p.given_name AS "givenName", p.family_name AS "familyName",
           tstzrange(e.consent_on::timestamp AT TIME ZONE $1,
             CASE WHEN e.discharged_on IS NULL THEN NULL ELSE (e.discharged_on + 1)::timestamp AT TIME ZONE $1 END) AS win
         FROM episode e JOIN patient p ON p.id = e.patient_id
         WHERE ${scope.sql} AND ${EPISODE_IN_MONTH}
         ORDER BY e.patient_id, e.consent_on DESC, e.created_at DESC
       ),
       per_staff AS (
         SELECT ep."episodeId", c.staff_id,
           range_agg(tstzrange(c.started_at, c.started_at + make_interval(mins => c.minutes))) * tstzmultirange(m.r * ep.win) AS ranges
         FROM ep JOIN contact c ON c.episode_id = ep."episodeId"
         JOIN staff_user s ON s.id = c.staff_id AND s.role = 'care_manager', m
         WHERE c.minutes > 0 AND c.started_at < upper(m.r) AND c.started_at + make_interval(mins => c.minutes) > lower(m.r)
         GROUP BY ep."episodeId", c.staff_id, m.r, ep.win
       ),
       minutes AS (
         SELECT "episodeId", floor(sum(COALESCE((SELECT sum(extract(epoch FROM upper(x) - lower(x))) FROM unnest(ranges) x), 0)) / 60)::int AS minutes
         FROM per_staff GROUP BY "episodeId"
       )
       SELECT ep."episodeId", ep."patientId", ep."startOn", ep."consentOn", ep."dischargedOn",
         ep."continuesEarlierEpisode", ep."careManagerId",
         ep.mrn, ep."givenName", ep."familyName", COALESCE(mi.minutes, 0) AS minutes,
         GREATEST(lower(m.r), lower(ep.win)) AS "windowStart",
         cm.display_name AS "careManagerName", ep."billingPcpId", bp.display_name AS "billingPcpName"
       FROM ep LEFT JOIN minutes mi USING ("episodeId")
       LEFT JOIN staff_user cm ON cm.id = ep."careManagerId"
       LEFT JOIN staff_user bp ON bp.id = ep."billingPcpId", m
       ORDER BY lower(ep."familyName"), lower(ep."givenName"), ep."patientId"`,
      [timeZone, month, ...scope.params],
    );
  }
}
