import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ConsultantSummary, IsoDate } from '@huddle/shared-types';

/** Reads of the consultant's one-screen summary that no other repository serves. */
@Injectable()
export class ConsultantSummaryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async displayName(patientId: string): Promise<string> {
    const rows: Array<{ name: string }> = await this.db.query(
      `SELECT family_name || ', ' || given_name AS name FROM patient WHERE id = $1`,
      [patientId],
    );
    return rows[0]?.name ?? '';
  }

  /**
   * Baseline (first) and latest complete score of each instrument in the patient's current episode
   * (the open one, else the most recent), with their dates and the count.
   */
  async scores(
    patientId: string,
    instruments: readonly string[],
  ): Promise<Omit<ConsultantSummary['scores'][number], 'changePercent'>[]> {
    const rows: Array<{
      instrument: string;
      count: number;
      baseline: number;
      baselineOn: IsoDate;
      latest: number;
      latestOn: IsoDate;
    }> = await this.db.query(
      `SELECT a.instrument, count(*)::int AS count,
         (array_agg(a.total ORDER BY a.administered_on, a.created_at, a.id))[1] AS baseline,
         (array_agg(a.administered_on::text ORDER BY a.administered_on, a.created_at, a.id))[1] AS "baselineOn",
         (array_agg(a.total ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC))[1] AS latest,
         (array_agg(a.administered_on::text ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC))[1] AS "latestOn"
       FROM assessment a
       WHERE a.episode_id = (SELECT e.id FROM episode e WHERE e.patient_id = $1
                             ORDER BY (e.discharged_on IS NULL) DESC, e.referred_on DESC, e.created_at DESC, e.id LIMIT 1)
         AND a.instrument = ANY($2::text[]) AND a.complete AND a.total IS NOT NULL
       GROUP BY a.instrument`,
      [patientId, instruments],
    );
    return instruments.map((instrument) => {
      const row = rows.find((r) => r.instrument === instrument);
      return {
        instrument,
        baseline: row?.baseline ?? null,
        baselineOn: row?.baselineOn ?? null,
        latest: row?.latest ?? null,
        latestOn: row?.latestOn ?? null,
        count: row?.count ?? 0,
      };
    });
  }

  /** Current psychotropic medications (not stopped), newest first. */
  async currentMedications(patientId: string): Promise<ConsultantSummary['medications']> {
    return this.db.query(
      `SELECT m.name, m.dose, m.started_on::text AS "startedOn" FROM medication m
       WHERE m.patient_id = $1 AND m.stopped_on IS NULL ORDER BY m.started_on DESC, m.id`,
      [patientId],
    );
  }
}
