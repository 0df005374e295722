import { SetMetadata } from '@nestjs/common';

export const AUDITED_KEY = 'huddle:audited';

/** What `@Audited` records about a route. */
export interface AuditedOptions {
  /** Stable action code, e.g. `billing.export`, `staff.update`. */
  action: string;
  resourceType?: string;
  /** Route parameter holding the patient id (recorded in `patient_id`). */
  patientParam?: string;
  /** Route parameter holding the resource id (recorded in `resource_id`). */
  resourceParam?: string;
}

/**
 * Records one audit event per call of the route: `success` once the handler has produced its result
 * (before the response is sent: no audit row, no data), `failure` with the HTTP status when it throws.
 * For exports and reads of PHI; writes should rather record inside their own transaction.
 */
export const Audited = (options: AuditedOptions): MethodDecorator => SetMetadata(AUDITED_KEY, options);
