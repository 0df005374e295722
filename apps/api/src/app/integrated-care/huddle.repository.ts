import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CareTaskView, IsoDate, StaffRole } from '@huddle/shared-types';
import type { SqlFragment } from '../auth/access.service';
import { firstRow } from '../registry-sql/sql-params';

export interface HuddleItemRow {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  question: string;
  raisedById: string;
  raisedByName: string;
  raisedAt: Date;
  discussedAt: Date | null;
  discussionNote: string | null;
  huddleOn: IsoDate | null;
}

interface TaskRow {
  id: string;
  patientId: string;
  patientName: string;
  huddleItemId: string | null;
  title: string;
  ownerId: string;
  ownerName: string;
  dueOn: IsoDate;
  doneAt: Date | null;
  version: number;
}

export interface LockedTask {
  id: string;
  patientId: string;
  ownerId: string;
  done: boolean;
  version: number;
}

const TASK_SELECT = `
  SELECT t.id, t.patient_id AS "patientId", p.family_name || ', ' || p.given_name AS "patientName",
    t.huddle_item_id AS "huddleItemId", t.title, t.owner_id AS "ownerId", o.display_name AS "ownerName",
    t.due_on::text AS "dueOn", t.done_at AS "doneAt", t.version
  FROM care_task t JOIN patient p ON p.id = t.patient_id JOIN staff_user o ON o.id = t.owner_id`;

/** Team huddle items and the tasks made from them. */
@Injectable()
export class HuddleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertItem(
    em: EntityManager,
    values: {
      clinicId: string;
      patientId: string;
      question: string;
      by: string;
      at: Date;
      huddleOn: IsoDate | null;
    },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO huddle_item (clinic_id, patient_id, question, raised_by, raised_at, huddle_on)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [values.clinicId, values.patientId, values.question, values.by, values.at.toISOString(), values.huddleOn],
    );
    return firstRow(rows, 'inserted huddle item').id;
  }

  /**
   * The clinic's huddle items the caller may see (`scope` over `p`, parameters from `$3`): open ones
   * oldest first, or those discussed since `discussedSince`.
   */
  async items(
    clinicId: string,
    discussedSince: Date,
    scope: SqlFragment,
    em: EntityManager = this.db.manager,
  ): Promise<HuddleItemRow[]> {
    return em.query(
      `SELECT h.id, h.patient_id AS "patientId", p.family_name || ', ' || p.given_name AS "patientName", p.mrn,
         h.question, h.raised_by AS "raisedById", r.display_name AS "raisedByName", h.raised_at AS "raisedAt",
         h.discussed_at AS "discussedAt", h.discussion_note AS "discussionNote", h.huddle_on::text AS "huddleOn"
       FROM huddle_item h JOIN patient p ON p.id = h.patient_id JOIN staff_user r ON r.id = h.raised_by
       WHERE h.clinic_id = $1 AND (h.discussed_at IS NULL OR h.discussed_at >= $2) AND ${scope.sql}
       ORDER BY (h.discussed_at IS NULL) DESC, h.huddle_on NULLS LAST, h.raised_at, h.id
       LIMIT 500`,
      [clinicId, discussedSince.toISOString(), ...scope.params],
    );
  }

  /** The clinic's time zone and weekly huddle (weekday 1–7, "HH:MM"), or null weekday/time without one. */
  async schedule(
    em: EntityManager,
    clinicId: string,
  ): Promise<{ timeZone: string; weekday: number | null; time: string | null }> {
    const rows: Array<{ timeZone: string; weekday: number | null; time: string | null }> = await em.query(
      `SELECT timezone AS "timeZone", huddle_weekday AS weekday, to_char(huddle_time, 'HH24:MI') AS time
       FROM clinic WHERE id = $1`,
      [clinicId],
    );
    return firstRow(rows, 'clinic');
  }

  async lockItem(
    id: string,
    clinicId: string,
    em: EntityManager,
  ): Promise<{ id: string; patientId: string; discussed: boolean } | null> {
    const rows: Array<{ id: string; patientId: string; discussed: boolean }> = await em.query(
      `SELECT id, patient_id AS "patientId", discussed_at IS NOT NULL AS discussed
       FROM huddle_item WHERE id = $1 AND clinic_id = $2 FOR UPDATE`,
      [id, clinicId],
    );
    return rows[0] ?? null;
  }

  async discuss(em: EntityManager, id: string, values: { note: string; by: string; at: Date }): Promise<void> {
    await em.query(`UPDATE huddle_item SET discussed_at = $2, discussed_by = $3, discussion_note = $4 WHERE id = $1`, [
      id,
      values.at.toISOString(),
      values.by,
      values.note,
    ]);
  }

  /** Inserts tasks; returns their ids in order. */
  async insertTasks(
    em: EntityManager,
    values: {
      clinicId: string;
      patientId: string;
      huddleItemId: string | null;
      by: string;
      at: Date;
      tasks: ReadonlyArray<{ title: string; ownerId: string; dueOn: IsoDate }>;
    },
  ): Promise<string[]> {
    if (values.tasks.length === 0) return [];
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO care_task (clinic_id, patient_id, huddle_item_id, title, owner_id, due_on, created_by, created_at)
       SELECT $1, $2, $3, t.title, t.owner, t.due, $4, $5
       FROM unnest($6::text[], $7::uuid[], $8::date[]) WITH ORDINALITY AS t(title, owner, due, n)
       ORDER BY t.n RETURNING id`,
      [
        values.clinicId,
        values.patientId,
        values.huddleItemId,
        values.by,
        values.at.toISOString(),
        values.tasks.map((t) => t.title),
        values.tasks.map((t) => t.ownerId),
        values.tasks.map((t) => t.dueOn),
      ],
    );
    return rows.map((r) => r.id);
  }

  /** Staff of the clinic by id, with their role (task owners). */
  async staff(
    em: EntityManager,
    clinicId: string,
    ids: readonly string[],
  ): Promise<Array<{ id: string; role: StaffRole; displayName: string; active: boolean }>> {
    return em.query(
      `SELECT id, role, display_name AS "displayName", active
       FROM staff_user WHERE clinic_id = $1 AND id = ANY($2::uuid[])`,
      [clinicId, ids],
    );
  }

  /** Tasks of huddle items, by due date. */
  async tasksOfItems(
    itemIds: readonly string[],
    today: IsoDate,
    em: EntityManager = this.db.manager,
  ): Promise<CareTaskView[]> {
    if (itemIds.length === 0) return [];
    const rows: TaskRow[] = await em.query(
      `${TASK_SELECT} WHERE t.huddle_item_id = ANY($1::uuid[]) ORDER BY t.due_on, t.created_at, t.id`,
      [itemIds],
    );
    return rows.map((row) => toTaskView(row, today));
  }

  /** The owner's tasks: open ones by due date, then those done in the last `doneWithinDays` days. */
  async tasksOf(
    ownerId: string,
    today: IsoDate,
    doneSince: Date,
    em: EntityManager = this.db.manager,
  ): Promise<CareTaskView[]> {
    const rows: TaskRow[] = await em.query(
      `${TASK_SELECT} WHERE t.owner_id = $1 AND (t.done_at IS NULL OR t.done_at >= $2)
       ORDER BY (t.done_at IS NULL) DESC, t.due_on, t.created_at, t.id LIMIT 500`,
      [ownerId, doneSince.toISOString()],
    );
    return rows.map((row) => toTaskView(row, today));
  }

  async lockTask(id: string, clinicId: string, em: EntityManager): Promise<LockedTask | null> {
    const rows: LockedTask[] = await em.query(
      `SELECT id, patient_id AS "patientId", owner_id AS "ownerId", done_at IS NOT NULL AS done, version
       FROM care_task WHERE id = $1 AND clinic_id = $2 FOR UPDATE`,
      [id, clinicId],
    );
    return rows[0] ?? null;
  }

  async setDone(em: EntityManager, id: string, version: number, done: boolean, by: string, at: Date): Promise<boolean> {
    const [, affected]: [unknown[], number] = await em.query(
      `UPDATE care_task SET done_at = CASE WHEN $3 THEN $5::timestamptz END, done_by = CASE WHEN $3 THEN $4::uuid END,
         version = version + 1
       WHERE id = $1 AND version = $2`,
      [id, version, done, by, at.toISOString()],
    );
    return affected === 1;
  }

  async task(id: string, today: IsoDate, em: EntityManager): Promise<CareTaskView> {
    const rows: TaskRow[] = await em.query(`${TASK_SELECT} WHERE t.id = $1`, [id]);
    return toTaskView(firstRow(rows, `task ${id}`), today);
  }
}

function toTaskView(row: TaskRow, today: IsoDate): CareTaskView {
  const done = row.doneAt !== null;
  return {
    id: row.id,
    patientId: row.patientId,
    patientName: row.patientName,
    huddleItemId: row.huddleItemId,
    title: row.title,
    owner: { id: row.ownerId, displayName: row.ownerName },
    dueOn: row.dueOn,
    done,
    doneAt: row.doneAt ? new Date(row.doneAt).toISOString() : null,
    overdue: !done && row.dueOn < today,
    version: row.version,
  };
}
