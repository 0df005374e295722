import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { INSTRUMENTS, UTILIZATION_RULES } from '@huddle/scoring';
import type { IsoDate, TimelineEntry, TimelineKind } from '@huddle/shared-types';
import { timelineText } from './timeline.mapper';
import type { TimelineQuery } from './timeline.sources';

/**
 * Every fragment may use `$1` (patient id), the CTE `tz` (clinic time zone), `safety` (the
 * instruments' safety items, from `@huddle/scoring`) and `util` (the utilization events'
 * Encounter.class system and codes, from `@huddle/scoring` UTILIZATION_RULES). Every fragment selects (id, kind, at, actor_id, ref_id, detail, data).
 */
type Fragment = string;

/**
 * The instant of an event known by its clinic-local date: when it was recorded if that was on the
 * same local day, else midday of that day (clinic time), plus `offsetSeconds` to order steps of a day.
 */
const eventAt = (date: string, recorded: string | null, offsetSeconds: number | string = 0): string => {
  const midday = `((${date} + time '12:00') AT TIME ZONE (SELECT timezone FROM tz)) + make_interval(secs => ${offsetSeconds})`;
  return recorded === null
    ? midday
    : `CASE WHEN (${recorded} AT TIME ZONE (SELECT timezone FROM tz))::date = ${date} THEN ${recorded} ELSE ${midday} END`;
};

/**
 * SQL of each kind held in the registry's own tables. Add a kind here (one entry) to add a source.
 * Flags raised and cleared, safety follow-ups and corrections come from the flag lifecycle's own
 * source (`FlagHistoryService.timelineEntries`, wired in TimelineService), which knows every flag's
 * evidence; they are not restated here.
 */
const FRAGMENTS: Partial<Record<TimelineKind, Fragment>> = {
  score: `
    SELECT 'score:' || a.id, 'score', ${eventAt('a.administered_on', 'a.created_at')}, a.entered_by, a.id, NULL::text,
      jsonb_build_object('instrument', a.instrument, 'total', a.total, 'severity', a.severity, 'complete', a.complete,
        'safetyRisk', a.safety_risk, 'source', a.source,
        'safetyItem', (SELECT (a.answers ->> k)::int FROM unnest((SELECT items FROM safety)) k WHERE a.answers ? k LIMIT 1))
    FROM assessment a WHERE a.patient_id = $1`,
  contact: `
    SELECT 'contact:' || c.id, 'contact', c.started_at, c.staff_id, c.id, c.note,
      jsonb_build_object('type', c.type, 'modality', c.modality, 'minutes', c.minutes, 'completed', c.completed,
        'activity', c.activity)
    FROM contact c WHERE c.patient_id = $1`,
  review: `
    SELECT 'review:' || cr.id, 'review', cr.reviewed_at, cr.consultant_id, cr.id, cr.summary,
      jsonb_build_object('weekOf', cr.week_of, 'recommendations', (
        SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'type', r.type, 'detail', r.detail,
          'medication', r.medication, 'dose', r.dose, 'status', r.status) ORDER BY r.created_at DESC, r.id), '[]'::jsonb)
        FROM recommendation r WHERE r.review_id = cr.id))
    FROM consultant_review cr WHERE cr.patient_id = $1`,
  recommendation: `
    SELECT 'recommendation:' || rsc.id, 'recommendation', rsc.changed_at, rsc.changed_by, rsc.recommendation_id,
      rsc.reason, jsonb_build_object('from', rsc.from_status, 'to', rsc.to_status, 'type', r.type, 'detail', r.detail)
    FROM recommendation_status_change rsc JOIN recommendation r ON r.id = rsc.recommendation_id
    WHERE rsc.patient_id = $1`,
  medication: `
    SELECT 'medication:' || me.id, 'medication', ${eventAt('me.effective_on', 'me.recorded_at')}, me.recorded_by,
      me.medication_id, me.note, jsonb_build_object('action', me.action, 'medication', m.name, 'dose', me.dose)
    FROM medication_event me JOIN medication m ON m.id = me.medication_id WHERE me.patient_id = $1`,
  status: `
    SELECT 'status:' || e.id || ':' || v.step, 'status', ${eventAt('v.on_date', null, 'v.ord')}, NULL::uuid, e.id,
      CASE WHEN v.step = 'discharged' THEN e.discharge_reason END,
      jsonb_build_object('step', v.step, 'episodeId', e.id)
    FROM episode e CROSS JOIN LATERAL (VALUES
      (1, 'referred', e.referred_on), (2, 'consent', e.consent_on), (3, 'enrolled', e.enrolled_on),
      (4, 'active', e.activated_on), (5, 'relapse_prevention', e.relapse_prevention_on),
      (6, 'discharged', e.discharged_on)) v(ord, step, on_date)
    WHERE e.patient_id = $1 AND v.on_date IS NOT NULL`,
  relapse_plan: `
    SELECT 'relapse_plan:' || rps.episode_id || ':' || lpad(rps.version::text, 6, '0'), 'relapse_plan', rps.saved_at, rps.saved_by, rps.episode_id, NULL::text,
      jsonb_build_object('version', rps.version)
    FROM relapse_prevention_plan_save rps WHERE rps.patient_id = $1`,
  // ED visits and admissions: encounters whose Encounter.class is one of libs/scoring UTILIZATION_RULES
  // (the CTE `util`); dated by their start day.
  utilization: `
    SELECT 'utilization:' || pce.id, 'utilization', ${eventAt('pce.starts_on', 'pce.created_at')}, NULL::uuid, pce.id,
      NULL::text, jsonb_build_object('code', pce.code, 'startsOn', pce.starts_on, 'endsOn', pce.ends_on, 'source', pce.source)
    FROM patient_clinical_event pce CROSS JOIN util
    WHERE pce.patient_id = $1 AND pce.kind = 'encounter' AND pce.code_system = util.system
      AND pce.code = ANY(util.codes)
      AND pce.starts_on IS NOT NULL`,
};

/** Kinds this repository can answer. */
export const SQL_TIMELINE_KINDS = Object.keys(FRAGMENTS) as TimelineKind[];

/** Safety items of every instrument (PHQ-9 item 9), passed to the SQL as a parameter. */
const SAFETY_ITEMS = Object.values(INSTRUMENTS)
  .map((instrument) => instrument.safetyItemId)
  .filter((id): id is string => id !== null);

/** Encounter.class codes of ED visits and admissions. */
const UTILIZATION_CODES = [UTILIZATION_RULES.edVisitClass, UTILIZATION_RULES.admissionClass];

interface EntryRow {
  id: string;
  kind: TimelineKind;
  at: Date;
  date: IsoDate;
  actorId: string | null;
  actorName: string | null;
  refId: string | null;
  detail: string | null;
  data: Record<string, unknown>;
}

/** The patient's timeline from the registry tables: one UNION ALL, newest first, paged by `before`. */
@Injectable()
export class TimelineRepository {
  async entries(query: TimelineQuery, em: EntityManager): Promise<TimelineEntry[]> {
    const fragments = query.kinds.flatMap((kind) => FRAGMENTS[kind] ?? []);
    if (fragments.length === 0) return [];
    const rows: EntryRow[] = await em.query(
      `WITH tz AS (SELECT c.timezone FROM patient p JOIN clinic c ON c.id = p.clinic_id WHERE p.id = $1),
         safety AS (SELECT $2::text[] AS items),
         util AS (SELECT $6::text AS system, $7::text[] AS codes)
       SELECT t.id, t.kind, t.at, (t.at AT TIME ZONE (SELECT timezone FROM tz))::date::text AS date,
         t.actor_id AS "actorId", (SELECT s.display_name FROM staff_user s WHERE s.id = t.actor_id) AS "actorName",
         t.ref_id AS "refId", t.detail, t.data
       FROM (
         SELECT e.* FROM (
           SELECT u.id, u.kind, date_trunc('milliseconds', u.at) AS at, u.actor_id, u.ref_id, u.detail, u.data
           FROM (${fragments.join('\nUNION ALL\n')}) AS u(id, kind, at, actor_id, ref_id, detail, data)
         ) e
         WHERE $3::timestamptz IS NULL OR e.at < $3::timestamptz
           OR (e.at = $3::timestamptz AND e.id COLLATE "C" < $4::text COLLATE "C")
         ORDER BY e.at DESC, e.id COLLATE "C" DESC
         LIMIT $5
       ) t
       -- The actors' names of the page's entries only, by their key: a join before the limit read every
       -- staff member of the system (a sequential scan and a hash of them, for every timeline).
       ORDER BY t.at DESC, t.id COLLATE "C" DESC`,
      [
        query.patientId,
        SAFETY_ITEMS,
        query.before?.at.toISOString() ?? null,
        query.before?.id ?? null,
        query.limit,
        UTILIZATION_RULES.classSystem,
        UTILIZATION_CODES,
      ],
    );
    return rows.map((row) => {
      const { title, detail } = timelineText(row.kind, row.data, row.detail);
      return {
        id: row.id,
        kind: row.kind,
        at: new Date(row.at).toISOString(),
        date: row.date,
        actor: row.actorId ? { id: row.actorId, displayName: row.actorName ?? '' } : null,
        title,
        detail,
        refId: row.refId,
        data: row.data,
      };
    });
  }
}
