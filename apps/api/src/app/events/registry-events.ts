/**
 * The domain events of the registry, all defined here. Services publish them through
 * `DomainEvents.afterCommit(em, event)` inside the transaction of the change; listeners receive them
 * once that transaction has committed (never for a rollback).
 *
 * Payloads carry ids and kinds only, never PHI.
 */

/** What part of a clinic's registry a write changed. */
export const RegistryChangeKind = {
  CLINIC: 'clinic',
  STAFF: 'staff',
  PATIENT: 'patient',
  EPISODE: 'episode',
  ASSESSMENT: 'assessment',
  CONTACT: 'contact',
  REVIEW: 'review',
  RECOMMENDATION: 'recommendation',
  FLAG: 'flag',
  CASELOAD: 'caseload',
  MEDICATION: 'medication',
  RELAPSE_PLAN: 'relapse-plan',
} as const;
export type RegistryChangeKind = (typeof RegistryChangeKind)[keyof typeof RegistryChangeKind];

/**
 * `registry.changed`: a committed write changed what caseloads, agendas, outcomes or clinic settings
 * read for one clinic (or, with `clinicId` null, for every clinic).
 */
export class RegistryChangedEvent {
  static readonly NAME = 'registry.changed';

  constructor(
    readonly clinicId: string | null,
    readonly kind: RegistryChangeKind,
  ) {}
}

/** Every domain event (what `DomainEvents` publishes). */
export type DomainEvent = RegistryChangedEvent;

/** The name a listener subscribes to for `event` (`@OnEvent(RegistryChangedEvent.NAME)`). */
export function eventName(event: DomainEvent): string {
  return (event.constructor as unknown as { NAME: string }).NAME;
}
