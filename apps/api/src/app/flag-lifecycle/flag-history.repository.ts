import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InstrumentId, ManualFlagCode, RevisionAction } from '@huddle/shared-types';

/** A current score that raised SAFETY or INCOMPLETE_FORM_NEEDS_REVIEW. */
export interface AttentionRow {
  id: string;
  instrument: InstrumentId;
  administeredOn: string;
  createdAt: Date;
  answers: Record<string, number | null>;
  complete: boolean;
  safetyRisk: boolean;
  enteredById: string | null;
  enteredByName: string | null;
  safetyFollowUpId: string | null;
}

/** The original of a corrected / entered-in-error score that had raised a flag, and what it is now. */
export interface RevisedAttentionRow {
  revisionId: string;
  recordId: string;
  action: RevisionAction;
  reason: string;
  revisedById: string;
  revisedByName: string;
  revisedAt: Date;
  revisedOn: string;
  original: {
    instrument: InstrumentId;
    administered_on: string;
    created_at: string;
    answers: Record<string, number | null>;
    complete: boolean;
    safety_risk: boolean;
    entered_by: string | null;
    safety_follow_up_id: string | null;
  };
  enteredByName: string | null;
  /** The record now (after a correction); `null` when deleted. */
  nowComplete: boolean | null;
  nowSafetyRisk: boolean | null;
}

/** A manual flag with what cleared it. */
export interface ManualFlagHistoryRow {
  id: string;
  code: ManualFlagCode;
  note: string | null;
  raisedById: string;
  raisedByName: string;
  raisedAt: Date;
  raisedOn: string;
  resolvedById: string | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  resolvedOn: string | null;
  resolutionNote: string | null;
  reviewId: string | null;
  followUpId: string | null;
  version: number;
}

/** Reads the facts the flag history is derived from (issue #11: raised → cleared, with evidence). */
@Injectable()
export class FlagHistoryRepository {
  /** Current scores with a safety answer or missing items. */
  attention(em: EntityManager, patientId: string): Promise<AttentionRow[]> {
    return em.query(
      `SELECT a.id, a.instrument, a.administered_on::text AS "administeredOn", a.created_at AS "createdAt", a.answers,
         a.complete, a.safety_risk AS "safetyRisk", a.entered_by AS "enteredById", s.display_name AS "enteredByName",
         a.safety_follow_up_id AS "safetyFollowUpId"
       FROM assessment a LEFT JOIN staff_user s ON s.id = a.entered_by
       WHERE a.patient_id = $1 AND (a.safety_risk OR NOT a.complete)`,
      [patientId],
    );
  }

  /** Revisions of scores whose original had a safety answer or missing items, newest first. */
  revisedAttention(em: EntityManager, patientId: string): Promise<RevisedAttentionRow[]> {
    return em.query(
      `SELECT r.id AS "revisionId", r.record_id AS "recordId", r.action, r.reason, r.revised_by AS "revisedById",
         s.display_name AS "revisedByName", r.revised_at AS "revisedAt",
         (r.revised_at AT TIME ZONE c.timezone)::date::text AS "revisedOn", r.original,
         e.display_name AS "enteredByName", a.complete AS "nowComplete", a.safety_risk AS "nowSafetyRisk"
       FROM record_revision r
       JOIN staff_user s ON s.id = r.revised_by
       JOIN clinic c ON c.id = r.clinic_id
       LEFT JOIN staff_user e ON e.id = (r.original ->> 'entered_by')::uuid
       LEFT JOIN assessment a ON a.id = r.record_id
       WHERE r.patient_id = $1 AND r.record_type = 'assessment'
         AND ((r.original ->> 'safety_risk')::boolean OR NOT (r.original ->> 'complete')::boolean)
       ORDER BY r.revised_at DESC, r.id`,
      [patientId],
    );
  }

  /** Every manual flag of the patient. */
  manualFlags(em: EntityManager, patientId: string): Promise<ManualFlagHistoryRow[]> {
    return em.query(
      `SELECT m.id, m.code, m.note, m.raised_by AS "raisedById", rb.display_name AS "raisedByName",
         m.raised_at AS "raisedAt", (m.raised_at AT TIME ZONE c.timezone)::date::text AS "raisedOn",
         m.resolved_by AS "resolvedById", sb.display_name AS "resolvedByName", m.resolved_at AS "resolvedAt",
         (m.resolved_at AT TIME ZONE c.timezone)::date::text AS "resolvedOn", m.resolution_note AS "resolutionNote",
         m.resolved_by_review_id AS "reviewId", m.resolved_by_follow_up_id AS "followUpId", m.version
       FROM manual_flag m
       JOIN clinic c ON c.id = m.clinic_id
       JOIN staff_user rb ON rb.id = m.raised_by
       LEFT JOIN staff_user sb ON sb.id = m.resolved_by
       WHERE m.patient_id = $1`,
      [patientId],
    );
  }
}
