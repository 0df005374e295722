import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Flag, ManualFlagView, PatientFlagsResponse } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/request-actor';
import { ClinicRulesService, type ClinicRules } from '../registry-sql/clinic-rules.service';
import type { EpisodeAggregate } from '../registry-sql/episode-aggregate.model';
import { EpisodeAggregateRepository } from '../registry-sql/episode-aggregate.repository';
import { evaluateAggregateFlags } from '../registry-sql/flag-context.mapper';
import { readManager } from '../database/read-snapshot';
import { ManualFlagRepository } from './manual-flag.repository';

/** The flags of one patient's open episode, as the rules see them today. */
export interface OpenEpisodeFlags {
  rules: ClinicRules;
  aggregate: EpisodeAggregate | null;
  computed: Flag[];
  manual: ManualFlagView[];
}

/**
 * Current flags of a patient: libs/scoring's `evaluateFlags` over the open episode (clinic thresholds,
 * clinic-local today from `Clock`) plus the open manual flags.
 */
@Injectable()
export class PatientFlagsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clinicRules: ClinicRulesService,
    private readonly aggregates: EpisodeAggregateRepository,
    private readonly manualFlags: ManualFlagRepository,
  ) {}

  /** `GET /patients/:id/flags`: scoped (404 outside the caller's patients) and audited. */
  async forPatient(actor: Actor, patientId: string): Promise<PatientFlagsResponse> {
    const em = readManager(this.db);
    await this.access.requirePatient(actor, patientId, em);
    const flags = await this.openEpisodeFlags(actor.clinicId, patientId, em);
    await this.audit.success(actor, 'patient.flags.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { episodeId: flags.aggregate?.episodeId ?? null, codes: flags.computed.map((flag) => flag.code) },
    });
    return {
      patientId,
      episodeId: flags.aggregate?.episodeId ?? null,
      asOf: flags.rules.asOf,
      computed: flags.computed,
      manual: flags.manual,
    };
  }

  /** Computed and manual flags of the patient's open episode. The caller checks access. */
  async openEpisodeFlags(
    clinicId: string,
    patientId: string,
    em: EntityManager = this.db.manager,
  ): Promise<OpenEpisodeFlags> {
    // The manual flags do not wait for the computed ones (one message in a read snapshot: read-snapshot.ts).
    const [rules, manual] = await Promise.all([
      this.clinicRules.forClinic(clinicId),
      this.manualFlags.listOpen(patientId, em),
    ]);
    const { rows } = await this.aggregates.find(
      {
        rules,
        where: (p) => [`e.patient_id = ${p.add(patientId, 'uuid')}`],
      },
      em,
    );
    const aggregate = rows[0] ?? null;
    return {
      rules,
      aggregate,
      computed: aggregate ? evaluateAggregateFlags(aggregate, rules.thresholds, rules.asOf) : [],
      manual,
    };
  }
}
