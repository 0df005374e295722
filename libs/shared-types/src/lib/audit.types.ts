import type { Page } from './api-error.types';
import type { StaffRole } from './care-episode.types';

/** Outcome of an audited event. */
export const AuditOutcome = {
  SUCCESS: 'success',
  FAILURE: 'failure',
  DENIED: 'denied',
} as const;
/** One of {@link AuditOutcome}'s values. */
export type AuditOutcome = (typeof AuditOutcome)[keyof typeof AuditOutcome];

/** One row of the audit log (`GET /api/audit`). `details` never holds PHI: ids, codes and counts only. */
export interface AuditEvent {
  id: string;
  /** ISO 8601 instant. */
  occurredAt: string;
  actorId: string | null;
  actorRole: StaffRole | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  details: Record<string, unknown>;
}

/** A page of audit events, newest first. */
export type AuditEventPage = Page<AuditEvent>;
