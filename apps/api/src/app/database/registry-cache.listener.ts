import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { RegistryChangedEvent } from '../events/registry-events';
import { RegistryChanges } from './registry-changes.service';

/**
 * When a write of this process commits (`registry.changed`), waits until its change notifications have
 * been applied ({@link RegistryChanges.settle}): only the caseloads and agendas it touched are refreshed,
 * and its caller reads their own write at once (nothing of the clinic is served from a cache meanwhile).
 * With no clinic (everything changed), every cache is forgotten at once. Writes of other instances and
 * tools reach {@link RegistryChanges} through PostgreSQL's notifications (ADR 0005).
 */
@Injectable()
export class RegistryCacheListener {
  constructor(private readonly changes: RegistryChanges) {}

  @OnEvent(RegistryChangedEvent.NAME)
  invalidate(event: RegistryChangedEvent): Promise<void> | void {
    if (event.clinicId === null) return this.changes.changed(null);
    return this.changes.settle(event.clinicId);
  }
}
