import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PatientClinicalSummary } from '@huddle/shared-types';
import { toCaseloadRow } from '../caseload/caseload-row.mapper';
import { ClinicRulesService } from '../registry-sql/clinic-rules.service';
import { EpisodeAggregateRepository } from '../registry-sql/episode-aggregate.repository';

/**
 * Latest PHQ-9 / GAD-7 (baseline, latest, change) and current flags of a page of patients, for
 * patient lists such as the PCP's "My patients": one aggregate statement for the whole page (the
 * caseload's `EpisodeAggregateRepository`, no query per patient) and the caseload's own row mapper, so
 * scores and flags (most severe first) are exactly what the caseload shows. The caller has already
 * scoped `patientIds` to the patients it may see.
 */
@Injectable()
export class PatientClinicalService {
  constructor(
    private readonly clinicRules: ClinicRulesService,
    private readonly aggregates: EpisodeAggregateRepository,
  ) {}

  /** Open-episode scores and flags by patient id; patients without an open episode are absent. */
  async forPatients(
    em: EntityManager,
    clinicId: string,
    patientIds: readonly string[],
  ): Promise<Map<string, PatientClinicalSummary>> {
    if (patientIds.length === 0) return new Map();
    const rules = await this.clinicRules.forClinic(clinicId, em);
    const { rows } = await this.aggregates.find(
      { rules, where: (p) => [`e.patient_id = ANY(${p.add(patientIds, 'uuid[]')})`] },
      em,
    );
    return new Map(
      rows.map((aggregate) => {
        const { row } = toCaseloadRow(aggregate, rules.thresholds, rules.asOf);
        return [row.patientId, { phq9: row.phq9, gad7: row.gad7, flags: row.flags }];
      }),
    );
  }
}
