import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_MEASUREMENT_SCHEDULE,
  SCHEDULED_INSTRUMENTS,
  SCHEDULED_STATUS_INTERVAL,
  type MeasurementScheduleSettings,
} from '@huddle/scoring';
import type {
  EpisodeStatus,
  IsoDate,
  SelfReportChannel,
  SelfReportInstrumentId,
  SelfReportLanguage,
  SelfReportState,
} from '@huddle/shared-types';
import type { SqlFragment } from '../auth/access.service';
import { updateReturning } from '../auth/update-returning';

export interface ClinicSelfReportSettings extends MeasurementScheduleSettings {
  safetyContactEmail: string | null;
  version: number;
}

/** A link as the form and the jobs need it (no token: only hashes are stored). */
export interface LinkRow {
  id: string;
  clinicId: string;
  patientId: string;
  episodeId: string | null;
  instruments: SelfReportInstrumentId[];
  language: SelfReportLanguage;
  channel: SelfReportChannel | 'kiosk';
  expiresAt: Date;
  sentAt: Date | null;
  usedAt: Date | null;
  expiredAt: Date | null;
}

/** A link with where and to whom it is delivered. */
export interface DeliveryRow extends LinkRow {
  firstName: string;
  clinicName: string;
  timeZone: string;
  email: string | null;
  phone: string | null;
}

export interface StatusRow {
  patientId: string;
  episodeId: string;
  mrn: string;
  displayName: string;
  episodeStatus: EpisodeStatus;
  lastScoreOn: IsoDate | null;
  dueOn: IsoDate;
  state: SelfReportState;
  lastSentAt: Date | null;
  lastCompletedAt: Date | null;
  hasContact: boolean;
}

const LINK_COLUMNS = `l.id, l.clinic_id AS "clinicId", l.patient_id AS "patientId", l.episode_id AS "episodeId",
  l.instruments, l.language, l.channel, l.expires_at AS "expiresAt", l.sent_at AS "sentAt", l.used_at AS "usedAt",
  l.expired_at AS "expiredAt"`;

/** Episode statuses on a schedule, and the settings column of each one's interval (from libs/scoring). */
const SCHEDULED = Object.entries(SCHEDULED_STATUS_INTERVAL);
const RELAPSE_STATUSES = SCHEDULED.filter(([, key]) => key === 'relapsePreventionIntervalDays').map(([s]) => s);

/**
 * The due date of an open episode `e` in SQL, mirroring libs/scoring `nextMeasureDue`: the last
 * complete scheduled instrument plus the status's interval, or the enrolment (referral) date when there
 * is none. `s` holds the clinic's settings (defaults from libs/scoring), `last` the last score date.
 * Parameters: `$relapse` = statuses on the relapse-prevention interval.
 */
const dueOnSql = (relapse: string): string => `CASE WHEN last.d IS NULL THEN coalesce(e.enrolled_on, e.referred_on)
  ELSE last.d + CASE WHEN e.status = ANY(${relapse}) THEN s.relapse_prevention_interval_days ELSE s.active_interval_days END
  END`;

/** Settings of clinic `$n` with libs/scoring's defaults for a clinic that changed nothing (parameters from `$n+1`). */
function settingsSql(clinic: string, offset: number): { sql: string; params: unknown[] } {
  const d = DEFAULT_MEASUREMENT_SCHEDULE;
  const p = (i: number): string => `$${offset + i}::int`;
  return {
    sql: `SELECT coalesce(st.active_interval_days, ${p(1)}) AS active_interval_days,
        coalesce(st.relapse_prevention_interval_days, ${p(2)}) AS relapse_prevention_interval_days,
        coalesce(st.lead_days, ${p(3)}) AS lead_days,
        coalesce(st.reminder_after_days, ${p(4)}) AS reminder_after_days,
        coalesce(st.link_expiry_hours, ${p(5)}) AS link_expiry_hours
      FROM (SELECT ${clinic}::uuid AS clinic_id) c LEFT JOIN self_report_settings st ON st.clinic_id = c.clinic_id`,
    params: [d.activeIntervalDays, d.relapsePreventionIntervalDays, d.leadDays, d.reminderAfterDays, d.linkExpiryHours],
  };
}

/** Data access of self-report: settings, contacts, links and tokens, the schedule and safety alerts. */
@Injectable()
export class SelfReportRepository {
  async settings(em: EntityManager, clinicId: string): Promise<ClinicSelfReportSettings> {
    const rows: Array<Record<string, number | string | null>> = await em.query(
      `SELECT active_interval_days, relapse_prevention_interval_days, lead_days, reminder_after_days,
         link_expiry_hours, kiosk_code_minutes, safety_contact_email, version
       FROM self_report_settings WHERE clinic_id = $1`,
      [clinicId],
    );
    const row = rows[0];
    if (!row) return { ...DEFAULT_MEASUREMENT_SCHEDULE, safetyContactEmail: null, version: 0 };
    return {
      activeIntervalDays: Number(row['active_interval_days']),
      relapsePreventionIntervalDays: Number(row['relapse_prevention_interval_days']),
      leadDays: Number(row['lead_days']),
      reminderAfterDays: Number(row['reminder_after_days']),
      linkExpiryHours: Number(row['link_expiry_hours']),
      kioskCodeMinutes: Number(row['kiosk_code_minutes']),
      safetyContactEmail: (row['safety_contact_email'] as string | null) ?? null,
      version: Number(row['version']),
    };
  }

  /** Writes the settings at `version` (0 = none stored yet); false when someone else changed them first. */
  async saveSettings(
    em: EntityManager,
    clinicId: string,
    s: ClinicSelfReportSettings,
    version: number,
  ): Promise<boolean> {
    const values = [
      clinicId,
      s.activeIntervalDays,
      s.relapsePreventionIntervalDays,
      s.leadDays,
      s.reminderAfterDays,
      s.linkExpiryHours,
      s.kioskCodeMinutes,
      s.safetyContactEmail,
      version,
    ];
    const rows: unknown[] = await em.query(
      `INSERT INTO self_report_settings AS t (clinic_id, active_interval_days, relapse_prevention_interval_days,
         lead_days, reminder_after_days, link_expiry_hours, kiosk_code_minutes, safety_contact_email, version)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, 1 WHERE $9::int = 0
       ON CONFLICT (clinic_id) DO NOTHING
       RETURNING 1`,
      values,
    );
    if (rows.length > 0) return true;
    const updated = await updateReturning(
      em,
      `UPDATE self_report_settings SET active_interval_days = $2, relapse_prevention_interval_days = $3,
         lead_days = $4, reminder_after_days = $5, link_expiry_hours = $6, kiosk_code_minutes = $7,
         safety_contact_email = $8, version = version + 1, updated_at = now()
       WHERE clinic_id = $1 AND version = $9 RETURNING 1`,
      values,
    );
    return updated.length > 0;
  }

  /** The patient (in `scope`, parameters from `$2`) with their open episode and preferred language. */
  async patientInScope(
    em: EntityManager,
    patientId: string,
    scope: SqlFragment,
  ): Promise<{ clinicId: string; episodeId: string | null; language: string } | null> {
    const rows: Array<{ clinic_id: string; episode_id: string | null; preferred_language: string }> = await em.query(
      `SELECT p.clinic_id, p.preferred_language, e.id AS episode_id
       FROM patient p LEFT JOIN episode e ON e.patient_id = p.id AND e.status <> 'discharged'
       WHERE p.id = $1 AND ${scope.sql}`,
      [patientId, ...scope.params],
    );
    const row = rows[0];
    return row ? { clinicId: row.clinic_id, episodeId: row.episode_id, language: row.preferred_language } : null;
  }

  async contact(em: EntityManager, patientId: string): Promise<{ email: string | null; phone: string | null }> {
    const rows: Array<{ email: string | null; phone: string | null }> = await em.query(
      `SELECT email, phone FROM self_report_contact WHERE patient_id = $1`,
      [patientId],
    );
    return rows[0] ?? { email: null, phone: null };
  }

  /** Sets the given contact fields (undefined = unchanged). */
  async saveContact(
    em: EntityManager,
    clinicId: string,
    patientId: string,
    contact: { email?: string | null; phone?: string | null },
  ): Promise<{ email: string | null; phone: string | null }> {
    const rows: Array<{ email: string | null; phone: string | null }> = await em.query(
      `INSERT INTO self_report_contact AS c (patient_id, clinic_id, email, phone) VALUES ($1, $2, $3, $5)
       ON CONFLICT (patient_id) DO UPDATE SET
         email = CASE WHEN $4 THEN EXCLUDED.email ELSE c.email END,
         phone = CASE WHEN $6 THEN EXCLUDED.phone ELSE c.phone END,
         updated_at = now()
       RETURNING email, phone`,
      [
        patientId,
        clinicId,
        contact.email ?? null,
        contact.email !== undefined,
        contact.phone ?? null,
        contact.phone !== undefined,
      ],
    );
    return rows[0] ?? { email: null, phone: null };
  }

  async insertLink(
    em: EntityManager,
    link: {
      clinicId: string;
      patientId: string;
      episodeId: string | null;
      instruments: SelfReportInstrumentId[];
      language: SelfReportLanguage;
      channel: SelfReportChannel | 'kiosk';
      createdBy: string | null;
      now: Date;
      expiresAt: Date;
    },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO self_report_link (clinic_id, patient_id, episode_id, instruments, language, channel, created_by,
         created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        link.clinicId,
        link.patientId,
        link.episodeId,
        link.instruments,
        link.language,
        link.channel,
        link.createdBy,
        link.now,
        link.expiresAt,
      ],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('INSERT returned no id');
    return id;
  }

  async insertToken(
    em: EntityManager,
    token: { hash: Buffer; linkId: string; clinicId: string; kind: 'link' | 'kiosk_code'; now: Date; expiresAt: Date },
  ): Promise<void> {
    await em.query(
      `INSERT INTO self_report_token (token_hash, link_id, kind, clinic_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [token.hash, token.linkId, token.kind, token.clinicId, token.now, token.expiresAt],
    );
  }

  /**
   * The link a token opens, locked for the caller's transaction, when token, link and (for kiosk codes)
   * clinic are all still valid at `now`; null otherwise (one answer for wrong, used and expired).
   */
  async openByToken(
    em: EntityManager,
    hash: Buffer,
    kind: 'link' | 'kiosk_code',
    now: Date,
    clinicId: string | null,
  ): Promise<(LinkRow & { firstName: string }) | null> {
    const rows: Array<LinkRow & { firstName: string }> = await em.query(
      `SELECT ${LINK_COLUMNS}, p.given_name AS "firstName"
       FROM self_report_token t
       JOIN self_report_link l ON l.id = t.link_id
       JOIN patient p ON p.id = l.patient_id
       WHERE t.token_hash = $1 AND t.kind = $2 AND t.used_at IS NULL AND t.expires_at > $3
         AND l.used_at IS NULL AND l.expired_at IS NULL AND l.expires_at > $3
         AND ($4::uuid IS NULL OR t.clinic_id = $4)
       FOR UPDATE OF l, t`,
      [hash, kind, now, clinicId],
    );
    return rows[0] ?? null;
  }

  async useToken(em: EntityManager, hash: Buffer, now: Date): Promise<void> {
    await em.query(`UPDATE self_report_token SET used_at = $2 WHERE token_hash = $1`, [hash, now]);
  }

  async useLink(em: EntityManager, linkId: string, now: Date): Promise<void> {
    await em.query(`UPDATE self_report_link SET used_at = $2 WHERE id = $1`, [linkId, now]);
  }

  /** The link with its recipient, locked; null when used or expired. */
  async forDelivery(em: EntityManager, linkId: string, now: Date): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await em.query(
      `SELECT ${LINK_COLUMNS}, p.given_name AS "firstName", c.name AS "clinicName", c.timezone AS "timeZone",
         sc.email, sc.phone
       FROM self_report_link l
       JOIN patient p ON p.id = l.patient_id
       JOIN clinic c ON c.id = l.clinic_id
       LEFT JOIN self_report_contact sc ON sc.patient_id = l.patient_id
       WHERE l.id = $1 AND l.used_at IS NULL AND l.expired_at IS NULL AND l.expires_at > $2
       FOR UPDATE OF l`,
      [linkId, now],
    );
    return rows[0] ?? null;
  }

  async markSent(em: EntityManager, linkId: string, now: Date, reminder: boolean): Promise<void> {
    await em.query(
      reminder
        ? `UPDATE self_report_link SET reminded_at = $2 WHERE id = $1`
        : `UPDATE self_report_link SET sent_at = coalesce(sent_at, $2) WHERE id = $1`,
      [linkId, now],
    );
  }

  /**
   * The schedule's sending step: for every open episode on a schedule whose patient has an address and
   * whose next measure's link is due on the clinic's date at `now`, one link (unique per episode and due
   * date, so concurrent runs insert it once) unless a link of the episode is already open. Returns the
   * new links.
   */
  async createDueLinks(
    em: EntityManager,
    now: Date,
  ): Promise<Array<{ id: string; clinicId: string; patientId: string }>> {
    const d = DEFAULT_MEASUREMENT_SCHEDULE;
    return em.query(
      `WITH cand AS (
         SELECT e.id AS episode_id, e.clinic_id, e.patient_id, p.preferred_language,
           ${dueOnSql('$3')} AS due_on, s.lead_days, s.link_expiry_hours, c.timezone
         FROM episode e
         JOIN patient p ON p.id = e.patient_id
         JOIN clinic c ON c.id = e.clinic_id
         JOIN self_report_contact sc ON sc.patient_id = e.patient_id AND (sc.email IS NOT NULL OR sc.phone IS NOT NULL)
         CROSS JOIN LATERAL (
           SELECT coalesce(st.active_interval_days, $4) AS active_interval_days,
             coalesce(st.relapse_prevention_interval_days, $5) AS relapse_prevention_interval_days,
             coalesce(st.lead_days, $6) AS lead_days, coalesce(st.link_expiry_hours, $7) AS link_expiry_hours
           FROM (SELECT 1) one LEFT JOIN self_report_settings st ON st.clinic_id = e.clinic_id) s
         LEFT JOIN LATERAL (
           SELECT max(a.administered_on) AS d FROM assessment a
           WHERE a.episode_id = e.id AND a.instrument = ANY($2) AND a.complete) last ON true
         WHERE e.status = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM self_report_link o WHERE o.episode_id = e.id AND o.used_at IS NULL
                             AND o.expired_at IS NULL AND o.expires_at > $8 AND o.channel <> 'kiosk')
       )
       INSERT INTO self_report_link (clinic_id, patient_id, episode_id, instruments, language, channel, due_on,
         created_at, expires_at)
       SELECT cand.clinic_id, cand.patient_id, cand.episode_id, $2, CASE WHEN cand.preferred_language = 'es' THEN 'es' ELSE 'en' END,
         CASE WHEN sc.email IS NOT NULL THEN 'email' ELSE 'sms' END, cand.due_on, $8,
         $8::timestamptz + make_interval(hours => cand.link_expiry_hours)
       FROM cand JOIN self_report_contact sc ON sc.patient_id = cand.patient_id
       WHERE cand.due_on - cand.lead_days <= clinic_local_date(cand.clinic_id, $8::timestamptz)
       ON CONFLICT (episode_id, due_on) WHERE due_on IS NOT NULL DO NOTHING
       RETURNING id, clinic_id AS "clinicId", patient_id AS "patientId"`,
      [
        SCHEDULED.map(([status]) => status),
        [...SCHEDULED_INSTRUMENTS],
        RELAPSE_STATUSES,
        d.activeIntervalDays,
        d.relapsePreventionIntervalDays,
        d.leadDays,
        d.linkExpiryHours,
        now,
      ],
    );
  }

  /** Claims the sent, unanswered, unexpired links due a reminder at `now` (each once: `reminded_at` set). */
  async claimReminders(
    em: EntityManager,
    now: Date,
  ): Promise<Array<{ id: string; clinicId: string; patientId: string }>> {
    return updateReturning(
      em,
      `UPDATE self_report_link l SET reminded_at = $1
       FROM (SELECT l2.id FROM self_report_link l2
             LEFT JOIN self_report_settings st ON st.clinic_id = l2.clinic_id
             WHERE l2.sent_at IS NOT NULL AND l2.reminded_at IS NULL AND l2.used_at IS NULL AND l2.expired_at IS NULL
               AND l2.channel <> 'kiosk' AND l2.expires_at > $1
               AND l2.sent_at + make_interval(days => coalesce(st.reminder_after_days, $2)) <= $1
             FOR UPDATE OF l2 SKIP LOCKED) due
       WHERE l.id = due.id
       RETURNING l.id, l.clinic_id AS "clinicId", l.patient_id AS "patientId"`,
      [now, DEFAULT_MEASUREMENT_SCHEDULE.reminderAfterDays],
    );
  }

  /** Marks the links past their expiry at `now` as expired, each once. */
  async expireLinks(em: EntityManager, now: Date): Promise<Array<{ id: string; clinicId: string; patientId: string }>> {
    return updateReturning(
      em,
      `UPDATE self_report_link SET expired_at = $1
       WHERE used_at IS NULL AND expired_at IS NULL AND expires_at <= $1
       RETURNING id, clinic_id AS "clinicId", patient_id AS "patientId"`,
      [now],
    );
  }

  /**
   * Open episodes in `scope` (patient alias `p`, parameters from `$5`) with their measurement status at
   * `now`; `onlyMissing` keeps those due (or overdue) without a score; `episodeIds` (when given) keeps
   * only those episodes (the caseload page's badges).
   */
  async status(
    em: EntityManager,
    clinicId: string,
    scope: SqlFragment,
    now: Date,
    onlyMissing: boolean,
    episodeIds: readonly string[] | null = null,
  ): Promise<StatusRow[]> {
    const settings = settingsSql('$1', 4 + scope.params.length);
    const idsParam = `$${7 + scope.params.length + settings.params.length}`;
    return em.query(
      `WITH s AS (${settings.sql}),
       rows AS (
         SELECT e.patient_id, e.id AS episode_id, p.mrn, p.given_name || ' ' || p.family_name AS display_name,
           e.status, last.d AS last_score_on, ${dueOnSql('$4')} AS due_on, s.lead_days,
           ll.sent_at, ll.used_at, ll.open, (sc.email IS NOT NULL OR sc.phone IS NOT NULL) AS has_contact,
           clinic_local_date($1, $2::timestamptz) AS today
         FROM episode e
         JOIN patient p ON p.id = e.patient_id
         CROSS JOIN s
         LEFT JOIN self_report_contact sc ON sc.patient_id = e.patient_id
         LEFT JOIN LATERAL (
           SELECT max(a.administered_on) AS d FROM assessment a
           WHERE a.episode_id = e.id AND a.instrument = ANY($3) AND a.complete) last ON true
         LEFT JOIN LATERAL (
           SELECT l.sent_at, l.used_at,
             (l.used_at IS NULL AND l.expired_at IS NULL AND l.expires_at > $2::timestamptz) AS open
           FROM self_report_link l WHERE l.episode_id = e.id ORDER BY l.created_at DESC, l.id LIMIT 1) ll ON true
         WHERE e.clinic_id = $1 AND e.status = ANY($${5 + scope.params.length + settings.params.length}) AND ${scope.sql}
           AND (${idsParam}::uuid[] IS NULL OR e.id = ANY(${idsParam}::uuid[]))
       )
       SELECT patient_id AS "patientId", episode_id AS "episodeId", mrn, display_name AS "displayName",
         status AS "episodeStatus", last_score_on::text AS "lastScoreOn", due_on::text AS "dueOn",
         CASE WHEN open THEN 'sent'
              WHEN due_on < today THEN 'overdue'
              WHEN due_on - lead_days <= today THEN 'due'
              WHEN used_at IS NOT NULL THEN 'completed'
              ELSE 'scheduled' END AS state,
         sent_at AS "lastSentAt", used_at AS "lastCompletedAt", has_contact AS "hasContact"
       FROM rows
       WHERE NOT $${6 + scope.params.length + settings.params.length}::boolean OR due_on - lead_days <= today
       ORDER BY due_on, display_name, episode_id`,
      [
        clinicId,
        now,
        [...SCHEDULED_INSTRUMENTS],
        RELAPSE_STATUSES,
        ...scope.params,
        ...settings.params,
        SCHEDULED.map(([status]) => status),
        onlyMissing,
        episodeIds,
      ],
    );
  }

  /** Of `episodeIds`, those of the clinic in `scope` (patient alias `p`, parameters from `$3`). */
  async visibleEpisodes(
    em: EntityManager,
    clinicId: string,
    scope: SqlFragment,
    episodeIds: readonly string[],
  ): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT e.id FROM episode e JOIN patient p ON p.id = e.patient_id
       WHERE e.clinic_id = $1 AND e.id = ANY($2::uuid[]) AND ${scope.sql}`,
      [clinicId, episodeIds, ...scope.params],
    );
    return new Set(rows.map((r) => r.id));
  }

  async insertSafetyAlert(
    em: EntityManager,
    alert: { clinicId: string; patientId: string; episodeId: string | null; assessmentId: string; now: Date },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO safety_alert (clinic_id, patient_id, episode_id, assessment_id, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [alert.clinicId, alert.patientId, alert.episodeId, alert.assessmentId, alert.now],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('INSERT returned no id');
    return id;
  }

  /**
   * An undelivered alert, locked, with its recipients: the episode's care manager and the clinic's
   * safety contact (deduplicated); null once delivered.
   */
  async alertForDelivery(
    em: EntityManager,
    alertId: string,
  ): Promise<{
    clinicId: string;
    patientId: string;
    createdAt: Date;
    clinicName: string;
    timeZone: string;
    recipients: string[];
  } | null> {
    const rows: Array<{
      clinicId: string;
      patientId: string;
      createdAt: Date;
      clinicName: string;
      timeZone: string;
      recipients: string[] | null;
    }> = await em.query(
      `SELECT a.clinic_id AS "clinicId", a.patient_id AS "patientId", a.created_at AS "createdAt",
         c.name AS "clinicName", c.timezone AS "timeZone",
         (SELECT array_agg(DISTINCT lower(x)) FROM unnest(ARRAY[cm.email, st.safety_contact_email]) x WHERE x IS NOT NULL) AS recipients
       FROM safety_alert a
       JOIN clinic c ON c.id = a.clinic_id
       LEFT JOIN episode e ON e.id = a.episode_id
       LEFT JOIN staff_user cm ON cm.id = e.care_manager_id AND cm.active
       LEFT JOIN self_report_settings st ON st.clinic_id = a.clinic_id
       WHERE a.id = $1 AND a.delivered_at IS NULL
       FOR UPDATE OF a`,
      [alertId],
    );
    const row = rows[0];
    return row ? { ...row, recipients: row.recipients ?? [] } : null;
  }

  async markAlert(
    em: EntityManager,
    alertId: string,
    now: Date,
    delivered: boolean,
    recipients: number,
  ): Promise<void> {
    await em.query(
      `UPDATE safety_alert SET attempts = attempts + 1, delivered_at = CASE WHEN $3 THEN $2::timestamptz END,
         recipients = $4 WHERE id = $1`,
      [alertId, now, delivered, recipients],
    );
  }

  /** Alerts still undelivered (re-queued by the schedule in case a process stopped before queueing them). */
  async undeliveredAlerts(em: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM safety_alert WHERE delivered_at IS NULL ORDER BY created_at LIMIT 500`,
    );
    return rows.map((r) => r.id);
  }
}
