import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CarePreferencesView } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import { ConflictError, ErrorCode } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { CarePreferencesRepository } from './care-preferences.repository';
import type { SaveCarePreferencesDto } from './dto/care-preferences.dto';

const blank = (value: string | null | undefined): string | null => (value ? value : null);

/**
 * Trauma-informed care preferences (issue #17): how and when the patient prefers to be contacted,
 * what helps and what to avoid; shown before each contact. Audited with field names only.
 */
@Injectable()
export class CarePreferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly preferences: CarePreferencesRepository,
  ) {}

  async get(actor: Actor, patientId: string): Promise<CarePreferencesView> {
    await this.access.requirePatient(actor, patientId);
    const view = await this.preferences.of(patientId);
    await this.audit.success(actor, 'care-preferences.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { recorded: view.version > 0 },
    });
    return view;
  }

  async save(actor: Actor, patientId: string, dto: SaveCarePreferencesDto): Promise<CarePreferencesView> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const before = await this.preferences.of(patientId, em);
      const values = {
        contactMethod: dto.contactMethod ?? null,
        contactTimes: blank(dto.contactTimes),
        whatHelps: blank(dto.whatHelps),
        whatToAvoid: blank(dto.whatToAvoid),
      };
      const saved = await this.preferences.save(em, {
        ...values,
        clinicId: actor.clinicId,
        patientId,
        by: actor.id,
        at: this.clock.now(),
        version: dto.version,
      });
      if (!saved) {
        throw new ConflictError(
          ErrorCode.VERSION_CONFLICT,
          `Care preferences were changed by someone else (version ${before.version}, you sent ${dto.version}); reload and retry`,
          'version',
        );
      }
      const changed = (Object.keys(values) as Array<keyof typeof values>).filter((k) => values[k] !== before[k]);
      await this.audit.success(
        actor,
        'care-preferences.save',
        { resourceType: 'care_preference', resourceId: patientId, patientId, details: { changed } },
        em,
      );
      return this.preferences.of(patientId, em);
    });
  }
}
