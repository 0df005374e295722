import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { EpisodeStatus, RelapsePreventionPlanFields, RelapsePreventionPlanView } from '@huddle/shared-types';

/** The plan's sections and their columns. */
const SECTIONS: ReadonlyArray<readonly [keyof RelapsePreventionPlanFields, string]> = [
  ['warningSigns', 'warning_signs'],
  ['copingStrategies', 'coping_strategies'],
  ['supports', 'supports'],
  ['maintenanceTreatment', 'maintenance_treatment'],
  ['maintenanceDuration', 'maintenance_duration'],
  ['monitoringPlan', 'monitoring_plan'],
  ['ifSymptomsReturn', 'if_symptoms_return'],
];

/** The plan's columns as {@link PlanRow} (over `rp`, the plan, and `s`, who saved it last). */
const PLAN_COLUMNS = `rp.episode_id AS "episodeId", rp.patient_id AS "patientId",
  ${SECTIONS.map(([field, column]) => `rp.${column} AS "${field}"`).join(', ')},
  rp.updated_by AS "updatedById", s.display_name AS "updatedByName", rp.updated_at AS "updatedAt", rp.version`;

interface PlanRow extends RelapsePreventionPlanFields {
  episodeId: string;
  patientId: string;
  updatedById: string;
  updatedByName: string;
  updatedAt: Date;
  version: number;
}

function toPlanView(row: PlanRow): RelapsePreventionPlanView {
  const { updatedById, updatedByName, updatedAt, ...rest } = row;
  return {
    ...rest,
    updatedBy: { id: updatedById, displayName: updatedByName },
    updatedAt: new Date(updatedAt).toISOString(),
  };
}

/** Relapse-prevention plans (one per episode) and their saves. */
@Injectable()
export class RelapsePlanRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The episode of the clinic, locked for a save, or `null`. */
  async lockEpisode(
    episodeId: string,
    clinicId: string,
    em: EntityManager,
  ): Promise<{ patientId: string; status: EpisodeStatus } | null> {
    const rows: Array<{ patientId: string; status: EpisodeStatus }> = await em.query(
      `SELECT e.patient_id AS "patientId", e.status FROM episode e WHERE e.id = $1 AND e.clinic_id = $2 FOR UPDATE OF e`,
      [episodeId, clinicId],
    );
    return rows[0] ?? null;
  }

  async find(episodeId: string, em: EntityManager = this.db.manager): Promise<RelapsePreventionPlanView | null> {
    const rows: PlanRow[] = await em.query(
      `SELECT ${PLAN_COLUMNS} FROM relapse_prevention_plan rp JOIN staff_user s ON s.id = rp.updated_by
       WHERE rp.episode_id = $1`,
      [episodeId],
    );
    const row = rows[0];
    return row ? toPlanView(row) : null;
  }

  /**
   * The episode of the clinic with its plan (null where none was saved) in one statement, for reading
   * it: the episode then {@link find} cost two. `null` for an unknown episode or another clinic's;
   * the caller checks the patient's scope before answering with the plan.
   */
  async episodeWithPlan(
    episodeId: string,
    clinicId: string,
    em: EntityManager = this.db.manager,
  ): Promise<{ patientId: string; status: EpisodeStatus; plan: RelapsePreventionPlanView | null } | null> {
    const rows: Array<Partial<PlanRow> & { episodePatientId: string; episodeStatus: EpisodeStatus }> = await em.query(
      `SELECT e.patient_id AS "episodePatientId", e.status AS "episodeStatus", ${PLAN_COLUMNS}
         FROM episode e
         LEFT JOIN relapse_prevention_plan rp ON rp.episode_id = e.id
         LEFT JOIN staff_user s ON s.id = rp.updated_by
         WHERE e.id = $1 AND e.clinic_id = $2`,
      [episodeId, clinicId],
    );
    const row = rows[0];
    if (!row) return null;
    const { episodePatientId, episodeStatus, ...plan } = row;
    return {
      patientId: episodePatientId,
      status: episodeStatus,
      plan: plan.episodeId ? toPlanView(plan as PlanRow) : null,
    };
  }

  /**
   * Inserts the plan (`version` undefined) or updates it if still at `version`, and records the save;
   * returns whether it was written.
   */
  async save(
    plan: { episodeId: string; clinicId: string; patientId: string; fields: RelapsePreventionPlanFields },
    version: number | undefined,
    by: string,
    now: Date,
    em: EntityManager,
  ): Promise<boolean> {
    const at = now.toISOString();
    const values = SECTIONS.map(([field]) => plan.fields[field]);
    let saved: number;
    if (version === undefined) {
      const rows: Array<{ version: number }> = await em.query(
        `INSERT INTO relapse_prevention_plan (episode_id, clinic_id, patient_id,
           ${SECTIONS.map(([, column]) => column).join(', ')}, updated_by, created_at, updated_at)
         VALUES ($1, $2, $3, ${SECTIONS.map((_, i) => `$${i + 4}`).join(', ')}, $${SECTIONS.length + 4},
           $${SECTIONS.length + 5}, $${SECTIONS.length + 5})
         ON CONFLICT (episode_id) DO NOTHING RETURNING version`,
        [plan.episodeId, plan.clinicId, plan.patientId, ...values, by, at],
      );
      if (rows.length === 0) return false;
      saved = 1;
    } else {
      const rows: Array<{ version: number }> = await em.query(
        `UPDATE relapse_prevention_plan SET
           ${SECTIONS.map(([, column], i) => `${column} = $${i + 3}`).join(', ')},
           updated_by = $${SECTIONS.length + 3}, updated_at = $${SECTIONS.length + 4}, version = version + 1
         WHERE episode_id = $1 AND version = $2 RETURNING version`,
        [plan.episodeId, version, ...values, by, at],
      );
      if (rows.length === 0) return false;
      saved = rows[0]?.version ?? version + 1;
    }
    await em.query(
      `INSERT INTO relapse_prevention_plan_save (clinic_id, episode_id, patient_id, version, saved_by, saved_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [plan.clinicId, plan.episodeId, plan.patientId, saved, by, at],
    );
    return true;
  }
}
