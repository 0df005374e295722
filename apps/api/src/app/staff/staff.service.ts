import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CareTeamOptions, StaffMember } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../auth/clock';
import { ConflictError, ErrorCode, NotFoundError, VersionConflictError } from '../common/errors';
import { isUniqueViolation } from '../common/database-errors';
import type { Actor } from '../common/request-actor';
import { definedFields, updateVersioned } from '../common/versioned-update';
import { StaffUserEntity } from '../database/entities';
import type { CreateStaffDto, ListStaffQueryDto, UpdateStaffDto } from './dto/staff.dto';
import { StaffRepository } from './staff.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';

const EMAIL_INDEX = 'uq_staff_user_email';

/**
 * Staff of the caller's clinic: listing for everyone, account administration for admins. Passwords
 * and sign-in are the auth module's; accounts made here sign in once a password or SSO is set up.
 */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /** Staff of the caller's clinic, optionally filtered by role and active flag. */
  async list(actor: Actor, query: ListStaffQueryDto): Promise<StaffMember[]> {
    const rows = await this.staff.list(this.db.manager, actor.clinicId, query);
    return rows.map(toMember);
  }

  /** Active care managers, consultants and PCPs with their open-episode counts, for care-team pickers. */
  careTeamOptions(actor: Actor): Promise<CareTeamOptions> {
    return this.staff.careTeamOptions(this.db.manager, actor.clinicId).then((options) => ({
      careManagers: options.filter((o) => o.role === 'care_manager'),
      consultants: options.filter((o) => o.role === 'psychiatric_consultant'),
      pcps: options.filter((o) => o.role === 'pcp'),
    }));
  }

  /** Adds a staff member to the caller's clinic. A used email (any clinic, any case) answers 409. */
  async create(actor: Actor, dto: CreateStaffDto): Promise<StaffMember> {
    return this.db.transaction(async (em) => {
      if (await this.staff.emailTaken(em, dto.email.trim())) throw duplicateEmail();
      const created = await this.withEmailCheck(() =>
        this.staff.insert(em, {
          clinicId: actor.clinicId,
          email: dto.email.trim(),
          displayName: dto.displayName.trim(),
          role: dto.role,
          fte: (dto.fte ?? 1).toFixed(2),
          active: dto.active ?? true,
        }),
      );
      await this.record(em, actor, 'staff.create', created.id, ['email', 'displayName', 'role', 'fte', 'active']);
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'staff'));
      return toMember(created);
    });
  }

  /**
   * Edits a staff member of the caller's clinic against `version`. Admins cannot deactivate or demote
   * themselves; a role cannot change while the person holds care-team slots of open episodes
   * (reassign them first); deactivation ends the person's sessions.
   */
  async update(actor: Actor, id: string, dto: UpdateStaffDto): Promise<StaffMember> {
    return this.db.transaction(async (em) => {
      const current = await this.staff.findInClinic(em, actor.clinicId, id);
      if (!current) throw new NotFoundError('Staff member', id);
      if (current.version !== dto.version) throw new VersionConflictError('Staff member', current.version, dto.version);
      if (id === actor.id && (dto.active === false || (dto.role !== undefined && dto.role !== current.role))) {
        throw new ConflictError(
          ErrorCode.SELF_LOCKOUT,
          'You cannot deactivate your own account or change your own role',
          dto.active === false ? 'active' : 'role',
        );
      }
      if (dto.role !== undefined && dto.role !== current.role) {
        const slots = await this.staff.openEpisodeSlots(em, id);
        if (slots > 0) {
          throw new ConflictError(
            ErrorCode.STAFF_IN_USE,
            `role cannot change while this person is on the care team of ${slots} open episode(s); reassign them first`,
            'role',
          );
        }
      }
      if (dto.email !== undefined && (await this.staff.emailTaken(em, dto.email.trim(), id))) throw duplicateEmail();
      const patch = definedFields({
        email: dto.email?.trim(),
        displayName: dto.displayName?.trim(),
        role: dto.role,
        fte: dto.fte?.toFixed(2),
        active: dto.active,
      });
      const updated = await this.withEmailCheck(() => updateVersioned(em, StaffUserEntity, id, dto.version, patch));
      if (!updated) {
        const latest = await this.staff.findInClinic(em, actor.clinicId, id);
        throw new VersionConflictError('Staff member', latest?.version ?? current.version, dto.version);
      }
      // A deactivated user, or one whose role changed, must sign in again: tokens carry the role.
      const roleChanged = dto.role !== undefined && dto.role !== current.role;
      if ((dto.active === false && current.active) || roleChanged)
        await this.staff.revokeSessions(em, id, this.clock.now());
      await this.record(em, actor, 'staff.update', id, Object.keys(patch));
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'staff'));
      const saved = await this.staff.findInClinic(em, actor.clinicId, id);
      if (!saved) throw new NotFoundError('Staff member', id);
      return toMember(saved);
    });
  }

  private async withEmailCheck<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, EMAIL_INDEX)) throw duplicateEmail();
      throw error;
    }
  }

  private record(em: EntityManager, actor: Actor, action: string, staffId: string, fields: string[]): Promise<void> {
    return this.audit.success(
      actor,
      action,
      { resourceType: 'staff_user', resourceId: staffId, details: { fields } },
      em,
    );
  }
}

function duplicateEmail(): ConflictError {
  return new ConflictError(ErrorCode.DUPLICATE, 'email is already used by another staff account', 'email');
}

function toMember(staff: StaffUserEntity): StaffMember {
  return {
    id: staff.id,
    email: staff.email,
    displayName: staff.displayName,
    role: staff.role,
    fte: Number(staff.fte),
    active: staff.active,
    version: staff.version,
  };
}
