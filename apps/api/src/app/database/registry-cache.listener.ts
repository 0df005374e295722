import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { RegistryChangedEvent } from '../events/registry-events';
import { RegistryChanges } from './registry-changes.service';

/**
 * Invalidates this process's read caches of a clinic when a write of this process commits
 * (`registry.changed`), so its caller reads their own write at once. Writes of other instances and
 * tools reach {@link RegistryChanges} through PostgreSQL's notifications (ADR 0005).
 */
@Injectable()
export class RegistryCacheListener {
  constructor(private readonly changes: RegistryChanges) {}

  @OnEvent(RegistryChangedEvent.NAME)
  invalidate(event: RegistryChangedEvent): void {
    this.changes.changed(event.clinicId);
  }
}
