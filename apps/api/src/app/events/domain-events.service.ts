import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { eventName, type DomainEvent } from './registry-events';

/** Where a transaction keeps its events until it commits (`QueryRunner.data`). */
const QUEUED_EVENTS = 'huddleDomainEvents';

/**
 * Publishes domain events (`registry-events.ts`) after the transaction that caused them commits, in the
 * order they were published; a rolled-back transaction publishes nothing. Listeners subscribe with
 * `@OnEvent(<Event>.NAME)`; the commit waits for what they return (e.g. the read caches applying the
 * write's notifications), so the writing request answers after them and a caller always reads their
 * own writes.
 */
@Injectable()
export class DomainEvents implements OnModuleInit, EntitySubscriberInterface {
  private readonly logger = new Logger(DomainEvents.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly emitter: EventEmitter2,
  ) {}

  onModuleInit(): void {
    this.db.subscribers.push(this);
  }

  /**
   * Publishes `event` once `em`'s transaction commits. Outside a transaction (`em` auto-commits each
   * statement) the change is taken as done and the event is published now.
   */
  afterCommit(em: EntityManager, event: DomainEvent): void {
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) {
      // Not awaited here: listeners act synchronously on what must not be served meanwhile.
      void this.publish(event);
      return;
    }
    const data = runner.data as Record<string, unknown>;
    const queued = (data[QUEUED_EVENTS] as DomainEvent[] | undefined) ?? [];
    queued.push(event);
    data[QUEUED_EVENTS] = queued;
  }

  /** TypeORM: a transaction of this process committed (TypeORM awaits the promise before `commit` returns). */
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    if (event.queryRunner.isTransactionActive) return; // a savepoint: the transaction goes on
    const data = event.queryRunner.data as Record<string, unknown>;
    const queued = data[QUEUED_EVENTS] as DomainEvent[] | undefined;
    if (!queued) return;
    delete data[QUEUED_EVENTS];
    await Promise.all(queued.map((domainEvent) => this.publish(domainEvent)));
  }

  /** TypeORM: a transaction rolled back; its events did not happen (a savepoint's are kept). */
  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.isTransactionActive) return;
    delete (event.queryRunner.data as Record<string, unknown>)[QUEUED_EVENTS];
  }

  /** Calls the listeners (their synchronous parts at once) and resolves when what they returned has settled. */
  private async publish(event: DomainEvent): Promise<void> {
    const name = eventName(event);
    try {
      await this.emitter.emitAsync(name, event);
    } catch (error) {
      // The change is committed whatever a listener does; log the event's name only (never PHI).
      this.logger.error(`A listener of ${name} failed: ${error instanceof Error ? error.name : 'error'}`);
    }
  }
}
