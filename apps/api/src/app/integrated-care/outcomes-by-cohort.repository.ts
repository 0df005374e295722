import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  CHRONIC_CONDITION_IDS,
  chronicConditionPrefixes,
  COHORT_OUTCOME_RULES,
  type ChronicCondition,
  type CohortOutcomeCounts,
} from '@huddle/scoring';
import { PROBLEM_CODES } from './problem-list.repository';

interface CohortRow {
  condition: ChronicCondition;
  withEpisodes: number;
  withRemission: number;
  withResponse: number;
  withoutEpisodes: number;
  withoutRemission: number;
  withoutResponse: number;
}

/**
 * Outcomes by chronic-condition cohort in one aggregate query: per enrolled episode the first and the
 * latest complete PHQ-9 (counted when the first is above the library's baseline cut-off and there are
 * at least two), remission and response by the library's rules, split by whether the patient has an
 * active ICD-10-CM condition in the cohort. Every threshold, status list and prefix is a parameter
 * from libs/scoring (`COHORT_OUTCOME_RULES`, `chronicConditionPrefixes`).
 */
@Injectable()
export class OutcomesByCohortRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async byCohort(
    clinicId: string,
  ): Promise<Array<{ condition: ChronicCondition; with: CohortOutcomeCounts; without: CohortOutcomeCounts }>> {
    const prefixes = Object.fromEntries(
      CHRONIC_CONDITION_IDS.map((id) => [id, chronicConditionPrefixes(id).map((p) => `${p}%`)]),
    );
    const r = COHORT_OUTCOME_RULES;
    const rows: CohortRow[] = await this.db.query(
      `WITH ordered AS (
         SELECT a.episode_id, e.patient_id,
           first_value(a.total) OVER w AS baseline,
           last_value(a.total) OVER w AS latest,
           count(*) OVER w AS n,
           row_number() OVER (PARTITION BY a.episode_id ORDER BY a.administered_on, a.created_at, a.id) AS position
         FROM assessment a
         JOIN episode e ON e.id = a.episode_id AND e.clinic_id = $1
         WHERE a.clinic_id = $1 AND a.instrument = $2 AND a.complete AND a.total IS NOT NULL
           AND e.enrolled_on IS NOT NULL
         WINDOW w AS (PARTITION BY a.episode_id ORDER BY a.administered_on, a.created_at, a.id
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
       ),
       judged AS (
         SELECT o.patient_id, (o.latest < $4::int) AS remission,
           (o.latest * 100 <= o.baseline * (100 - $5::int)) AS response
         FROM ordered o WHERE o.position = 1 AND o.n >= 2 AND o.baseline > $3::int
       ),
       cohort AS (
         SELECT c.key AS condition, c.value AS prefixes FROM jsonb_each($6::jsonb) c
       ),
       member AS (
         SELECT DISTINCT c.condition, ce.patient_id
         FROM cohort c
         JOIN patient_clinical_event ce ON ce.clinic_id = $1 AND ce.kind = 'condition' AND ce.code_system = $8
           AND COALESCE(ce.status, 'active') = ANY($7::text[])
           AND upper(replace(ce.code, '.', '')) LIKE ANY (ARRAY(SELECT jsonb_array_elements_text(c.prefixes)))
       )
       SELECT c.condition,
         count(j.*) FILTER (WHERE m.patient_id IS NOT NULL)::int AS "withEpisodes",
         count(j.*) FILTER (WHERE m.patient_id IS NOT NULL AND j.remission)::int AS "withRemission",
         count(j.*) FILTER (WHERE m.patient_id IS NOT NULL AND j.response)::int AS "withResponse",
         count(j.*) FILTER (WHERE m.patient_id IS NULL)::int AS "withoutEpisodes",
         count(j.*) FILTER (WHERE m.patient_id IS NULL AND j.remission)::int AS "withoutRemission",
         count(j.*) FILTER (WHERE m.patient_id IS NULL AND j.response)::int AS "withoutResponse"
       FROM cohort c
       CROSS JOIN judged j
       LEFT JOIN member m ON m.condition = c.condition AND m.patient_id = j.patient_id
       GROUP BY c.condition`,
      [
        clinicId,
        r.instrumentId,
        r.baselineAbove,
        r.remissionBelow,
        r.responseReductionPercent,
        JSON.stringify(prefixes),
        r.activeConditionStatuses,
        PROBLEM_CODES.icd10cm,
      ],
    );
    return CHRONIC_CONDITION_IDS.map((condition) => {
      const row = rows.find((x) => x.condition === condition);
      return {
        condition,
        with: {
          episodes: row?.withEpisodes ?? 0,
          remission: row?.withRemission ?? 0,
          response: row?.withResponse ?? 0,
        },
        without: {
          episodes: row?.withoutEpisodes ?? 0,
          remission: row?.withoutRemission ?? 0,
          response: row?.withoutResponse ?? 0,
        },
      };
    });
  }
}
