import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `episode_summary_refresh` (the summary trigger of every score, contact and review) plans its
 * statements once per connection instead of once per call (issue #13 item 1, bench/results/s7-e-writes.md).
 *
 * PL/pgSQL caches its statements' plans, but PostgreSQL's plan cache kept choosing a custom plan for
 * `INSERT INTO episode_summary SELECT * FROM episode_summary_source WHERE episode_id = ANY(ids)`: the
 * view is a dozen lateral probes, and planning it cost ~10× running it. Measured on the 100k population,
 * one connection, backend CPU per call: 3.82 ms with the default `plan_cache_mode`, 1.07 ms with a
 * generic plan — the same index probes per episode (`episode_id = ANY($1)` drives the episode's primary
 * key, whatever the array's length).
 */
export class SummaryRefreshGenericPlan1764000036500 implements MigrationInterface {
  name = 'SummaryRefreshGenericPlan1764000036500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION episode_summary_refresh(uuid[]) SET plan_cache_mode = force_generic_plan`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION episode_summary_refresh(uuid[]) RESET plan_cache_mode`);
  }
}
