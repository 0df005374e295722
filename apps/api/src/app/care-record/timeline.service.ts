import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TimelineKind, type PatientTimeline } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/request-actor';
import { DEFAULT_TIMELINE_LIMIT, type TimelineQueryDto } from './dto/timeline.dto';
import { FlagHistoryService } from '../flag-lifecycle/flag-history.service';
import { TimelineRepository } from './timeline.repository';
import { compareTimelineEntries, isOlderThan, type TimelineSource } from './timeline.sources';
import { readTransaction } from '../database/read-snapshot';

const ALL_KINDS = Object.values(TimelineKind);

/**
 * One shared timeline per patient (issue #11): every source's entries merged newest first and paged
 * by `before`. Visible to whoever may see the patient (care manager, consultant, PCP; read-only).
 */
@Injectable()
export class TimelineService {
  /**
   * Where entries come from. Each returns at most `limit` entries of the requested kinds before
   * `before`, newest first. To add a source (e.g. safety follow-ups, flag clears, corrections),
   * inject its service and add one line here: `(query, em) => this.other.timelineEntries(query, em)`.
   */
  private readonly sources: readonly TimelineSource[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    repository: TimelineRepository,
    flagHistory: FlagHistoryService,
  ) {
    this.sources = [
      (query, em) => repository.entries(query, em),
      // Safety follow-ups, flags raised and cleared, corrections (flag-lifecycle/); filtered here.
      async (query, em) =>
        (await flagHistory.timelineEntries(query.patientId, query.clinicId, em)).filter(
          (entry) => query.kinds.includes(entry.kind) && isOlderThan(entry, query.before),
        ),
    ];
  }

  /** @throws 404 when the patient is unknown or out of the caller's scope. */
  async forPatient(actor: Actor, patientId: string, dto: TimelineQueryDto): Promise<PatientTimeline> {
    const limit = dto.limit ?? DEFAULT_TIMELINE_LIMIT;
    const query = {
      patientId,
      clinicId: actor.clinicId,
      kinds: dto.kinds ? [...new Set(dto.kinds)] : ALL_KINDS,
      before: dto.before ? { at: new Date(dto.before), id: dto.beforeId ?? null } : null,
      // One more than asked tells whether older entries remain.
      limit: limit + 1,
    };
    const merged = await readTransaction(
      this.db,
      async (em) => {
        await this.access.requirePatient(actor, patientId, em);
        const lists = await Promise.all(this.sources.map((source) => source(query, em)));
        return lists
          .flat()
          .filter((entry) => isOlderThan(entry, query.before))
          .sort(compareTimelineEntries);
      },
      'REPEATABLE READ',
    );
    const entries = merged.slice(0, limit);
    const last = entries[entries.length - 1];
    await this.audit.success(actor, 'patient.timeline.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { kinds: dto.kinds ?? null, before: dto.before ?? null, count: entries.length },
    });
    const more = merged.length > limit && last !== undefined;
    return { patientId, entries, nextBefore: more ? last.at : null, nextBeforeId: more ? last.id : null };
  }
}
