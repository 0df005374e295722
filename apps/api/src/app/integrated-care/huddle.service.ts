import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { nextHuddleDate } from '@huddle/scoring';
import type { CareTaskView, HuddleItemView, IsoDate } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { roleHasPermission, Permission } from '../auth/permissions';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ConflictError, ErrorCode, NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import type { DiscussHuddleItemDto, NewTaskDto, RaiseHuddleItemDto, UpdateCareTaskDto } from './dto/huddle.dto';
import { HuddleRepository } from './huddle.repository';
import { SocialNeedsRepository } from './social-needs.repository';

/** How long discussed huddle items and done tasks stay on the lists (days). */
export const HUDDLE_RECENT_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * Team huddles and tasks (issue #17): any team member (care manager, consultant, PCP) puts a patient
 * they may see on the huddle with a question; the huddle list shows the open items (and those
 * discussed in the last {@link HUDDLE_RECENT_DAYS} days) of the patients the caller may see, with their
 * open social needs; the huddle's note becomes tasks with an owner who may see the patient and a due
 * date; "my tasks" is the owner's list (done / reopen), overdue by the clinic's calendar.
 * Audited with ids and counts only (questions, notes and titles are free text).
 */
@Injectable()
export class HuddleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly calendar: ClinicCalendar,
    private readonly huddle: HuddleRepository,
    private readonly needs: SocialNeedsRepository,
  ) {}

  async list(actor: Actor): Promise<HuddleItemView[]> {
    const day = await this.calendar.day(this.db.manager, actor.clinicId);
    const since = new Date(this.clock.now().getTime() - HUDDLE_RECENT_DAYS * DAY_MS);
    const rows = await this.huddle.items(actor.clinicId, since, this.access.patientScope(actor, 'p', 2));
    const patientIds = [...new Set(rows.map((r) => r.patientId))];
    const [tasks, needs] = await Promise.all([
      this.huddle.tasksOfItems(
        rows.map((r) => r.id),
        day.today,
      ),
      this.needs.openNeedsOf(patientIds),
    ]);
    await this.audit.success(actor, 'huddle.read', {
      resourceType: 'huddle',
      details: { items: rows.length },
      patientIds,
    });
    return rows.map((row) => ({
      id: row.id,
      patientId: row.patientId,
      patientName: row.patientName,
      mrn: row.mrn,
      question: row.question,
      raisedBy: { id: row.raisedById, displayName: row.raisedByName },
      raisedAt: new Date(row.raisedAt).toISOString(),
      discussedAt: row.discussedAt ? new Date(row.discussedAt).toISOString() : null,
      discussionNote: row.discussionNote,
      huddleOn: row.huddleOn,
      openNeeds: needs.filter((n) => n.patientId === row.patientId).map((n) => n.domain),
      tasks: tasks.filter((t) => t.huddleItemId === row.id),
    }));
  }

  /**
   * Puts a patient on the next huddle: filed under the date of the clinic's next weekly huddle in its
   * time zone (libs/scoring `nextHuddleDate`; an item raised once the huddle has started waits for next
   * week's), or under no date when the clinic has no huddle day set.
   */
  async raise(actor: Actor, dto: RaiseHuddleItemDto): Promise<{ id: string; huddleOn: IsoDate | null }> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, dto.patientId, em);
      const at = this.clock.now();
      const schedule = await this.huddle.schedule(em, actor.clinicId);
      const huddleOn =
        schedule.weekday === null || schedule.time === null
          ? null
          : nextHuddleDate(at, schedule.timeZone, { weekday: schedule.weekday, time: schedule.time });
      const id = await this.huddle.insertItem(em, {
        clinicId: actor.clinicId,
        patientId: dto.patientId,
        question: dto.question,
        by: actor.id,
        at,
        huddleOn,
      });
      await this.audit.success(
        actor,
        'huddle.raise',
        { resourceType: 'huddle_item', resourceId: id, patientId: dto.patientId, details: { huddleOn } },
        em,
      );
      return { id, huddleOn };
    });
  }

  async discuss(actor: Actor, id: string, dto: DiscussHuddleItemDto): Promise<{ tasks: CareTaskView[] }> {
    return this.db.transaction(async (em) => {
      const item = await this.huddle.lockItem(id, actor.clinicId, em);
      if (!item) throw new NotFoundError('Huddle item', id);
      await this.access.requirePatient(actor, item.patientId, em);
      if (item.discussed) throw new ConflictError(ErrorCode.ILLEGAL_TRANSITION, 'The item was already discussed');
      const day = await this.calendar.day(em, actor.clinicId);
      await this.assertOwners(em, actor, item.patientId, dto.tasks);
      dto.tasks.forEach((task, index) => {
        if (task.dueOn < day.today) {
          throw new ValidationError(
            `tasks.${index}.dueOn`,
            `tasks.${index}.dueOn must not be before today (${day.today})`,
          );
        }
      });
      const at = this.clock.now();
      await this.huddle.discuss(em, id, { note: dto.note, by: actor.id, at });
      const taskIds = await this.huddle.insertTasks(em, {
        clinicId: actor.clinicId,
        patientId: item.patientId,
        huddleItemId: id,
        by: actor.id,
        at,
        tasks: dto.tasks,
      });
      await this.audit.success(
        actor,
        'huddle.discuss',
        { resourceType: 'huddle_item', resourceId: id, patientId: item.patientId, details: { tasks: taskIds.length } },
        em,
      );
      return { tasks: await this.huddle.tasksOfItems([id], day.today, em) };
    });
  }

  async myTasks(actor: Actor): Promise<CareTaskView[]> {
    const day = await this.calendar.day(this.db.manager, actor.clinicId);
    const since = new Date(this.clock.now().getTime() - HUDDLE_RECENT_DAYS * DAY_MS);
    const tasks = await this.huddle.tasksOf(actor.id, day.today, since);
    await this.audit.success(actor, 'tasks.read', {
      resourceType: 'care_task',
      details: { count: tasks.length, overdue: tasks.filter((t) => t.overdue).length },
      patientIds: [...new Set(tasks.map((t) => t.patientId))],
    });
    return tasks;
  }

  async setDone(actor: Actor, id: string, dto: UpdateCareTaskDto): Promise<CareTaskView> {
    return this.db.transaction(async (em) => {
      const task = await this.huddle.lockTask(id, actor.clinicId, em);
      if (!task) throw new NotFoundError('Task', id);
      await this.access.requirePatient(actor, task.patientId, em);
      if (task.version !== dto.version) throw new VersionConflictError('Task', task.version, dto.version);
      if (task.done === dto.done) {
        throw new ConflictError(
          ErrorCode.ILLEGAL_TRANSITION,
          dto.done ? 'The task is already done' : 'The task is open',
        );
      }
      if (!(await this.huddle.setDone(em, id, dto.version, dto.done, actor.id, this.clock.now()))) {
        throw new VersionConflictError('Task', task.version + 1, dto.version);
      }
      await this.audit.success(
        actor,
        dto.done ? 'task.done' : 'task.reopen',
        { resourceType: 'care_task', resourceId: id, patientId: task.patientId, details: {} },
        em,
      );
      return this.huddle.task(id, (await this.calendar.day(em, actor.clinicId)).today, em);
    });
  }

  /** Each owner: active staff of the clinic, on the huddle team (role), who may see the patient. */
  private async assertOwners(
    em: EntityManager,
    actor: Actor,
    patientId: string,
    tasks: readonly NewTaskDto[],
  ): Promise<void> {
    const staff = await this.huddle.staff(
      em,
      actor.clinicId,
      tasks.map((t) => t.ownerId),
    );
    for (const [index, task] of tasks.entries()) {
      const field = `tasks.${index}.ownerId`;
      const owner = staff.find((s) => s.id === task.ownerId);
      if (!owner?.active || !roleHasPermission(owner.role, Permission.HUDDLE)) {
        throw new ValidationError(field, `${field} must be an active care manager, consultant or PCP of the clinic`);
      }
      try {
        await this.access.requirePatient(
          { id: owner.id, clinicId: actor.clinicId, role: owner.role, displayName: owner.displayName, sessionId: '' },
          patientId,
          em,
        );
      } catch (error) {
        if (error instanceof NotFoundError) {
          throw new ValidationError(field, `${field}: the owner is not on this patient's care team`);
        }
        throw error;
      }
    }
  }
}
