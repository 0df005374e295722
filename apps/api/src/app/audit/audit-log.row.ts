import type { AuditOutcome, StaffRole } from '@huddle/shared-types';

/** A row of `audit_log` as `pg` returns it (bigserial id as text, timestamptz as Date, jsonb parsed). */
export interface AuditLogRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: StaffRole | null;
  clinic_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  patient_id: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
}
