#!/usr/bin/env node
// Issue #13: the statements behind a cache miss, one by one. Runs the caseload (one care manager, 25 rows,
// priority sort), the weekly agenda (one consultant) and the patient page (a patient of that caseload)
// in-process against the bench population with the read cache off, records the data statements each sends
// (not sessions, audit or transaction control — see lib/capture.mjs), and prints each with
// EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) run inside a rolled-back transaction: planning and execution
// time, shared buffers hit/read and the plan.
//
//   node bench/explain.mjs [--report name]   (after `npm run bench` loaded the population; BENCH_PG_PORT)
// Writes bench/results/<name>.md (default explain-latest). Take timings through bench/quiet.sh.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import pg from 'pg';
import { actorOf, apiModule, databaseUrl, root, startDatabase } from './lib/environment.mjs';
import { appContext, captureQueries } from './lib/capture.mjs';

const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils');
const { values } = parseArgs({ options: { report: { type: 'string', default: 'explain-latest' } } });
const CM = 'cm2@clinic1.synthetic.test';
const CONSULTANT = 'psych1@clinic1.synthetic.test';

async function explain(client, query) {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query(
      `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) ${query.text}`,
      query.values,
    );
    const [plan] = rows[0]['QUERY PLAN'];
    const text = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${query.text}`, query.values)).rows.map(
      (r) => r['QUERY PLAN'],
    );
    return { plan, text };
  } finally {
    await client.query('ROLLBACK');
  }
}

/**
 * The statement as the API runs it (a named prepared statement, PG_PREPARED_STATEMENTS): prepared on one
 * connection, executed 8 times; which plans PostgreSQL settled on (pg_prepared_statements) and the
 * planning and execution time of one more execution under EXPLAIN ANALYZE.
 */
async function asPrepared(client, query) {
  await client.query('DEALLOCATE ALL');
  await client.query(`PREPARE huddle_explain AS ${query.text}`);
  // EXECUTE takes no bind parameters: the values as literals, coerced to the statement's parameter types.
  const literal = (value) => {
    const text = prepareValue(value);
    return text === null || text === undefined ? 'NULL' : client.escapeLiteral(String(text));
  };
  const args = (query.values ?? []).map(literal).join(', ');
  const execute = `EXECUTE huddle_explain${args ? `(${args})` : ''}`;
  for (let i = 0; i < 8; i++) await client.query(execute);
  const [counts] = (
    await client.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'huddle_explain'`)
  ).rows;
  const [explained] = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) ${execute}`)).rows;
  const [plan] = explained['QUERY PLAN'];
  await client.query('DEALLOCATE ALL');
  return { generic: Number(counts.generic_plans), custom: Number(counts.custom_plans), plan };
}

function nodesOf(plan, out = []) {
  const what = [plan['Node Type'], plan['Index Name'] ?? plan['Relation Name']].filter(Boolean).join(' ');
  out.push(what);
  for (const child of plan.Plans ?? []) nodesOf(child, out);
  return out;
}

const server = await startDatabase();
const url = databaseUrl(server.url, 'huddle_bench');
const lines = [
  `# Statements behind a cache miss — ${new Date().toISOString()}`,
  '',
  `Population: 100k bench (\`.data/bench\`); read cache off; load average (1 min) at the start ${os.loadavg()[0].toFixed(1)}. ` +
    'Each statement as the API sent it (same parameters), run again under `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)` ' +
    'in a rolled-back transaction; sessions, audit appends and transaction control are left out (`bench/lib/capture.mjs`).',
  '',
];
// Prepared statements off: the patient page's batched reads are captured as statements of their own.
const app = await appContext(url, { preparedStatements: false });
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const cm = await actorOf(url, CM);
  const consultant = await actorOf(url, CONSULTANT);
  const patientId = (
    await client.query(
      `SELECT e.patient_id FROM episode e WHERE e.care_manager_id = $1 AND e.status <> 'discharged' ORDER BY e.id LIMIT 1`,
      [cm.id],
    )
  ).rows[0].patient_id;
  const { CaseloadService } = apiModule('app/caseload/caseload.service.js');
  const { ReviewAgendaService } = apiModule('app/review/review-agenda.service.js');
  const { PatientPageService } = apiModule('app/patient-page/patient-page.service.js');
  const calls = [
    [
      'Caseload (care manager, 25 rows, priority sort)',
      () => app.get(CaseloadService).listPrepared(cm, { pageSize: 25 }),
    ],
    [
      'Weekly review agenda (consultant, first page of 50)',
      () => app.get(ReviewAgendaService).agenda(consultant, { limit: 50 }),
    ],
    [
      'Patient page (GET /api/patients/:id/page, a patient of that caseload)',
      () => app.get(PatientPageService).page(cm, patientId),
    ],
  ];
  const details = [];
  lines.push(
    '| Request | # | Statement | Planning ms | Execution ms | Buffers hit / read | Rows | Prepared: plans generic/custom of 9, planning + execution ms of the 10th |',
    '|---|--:|---|--:|--:|--:|--:|---|',
  );
  for (const [name, call] of calls) {
    await call(); // warm-up (and the prepared statements' first executions)
    const queries = await captureQueries(call);
    let planning = 0;
    let execution = 0;
    for (const [i, query] of queries.entries()) {
      const { plan, text } = await explain(client, query);
      planning += plan['Planning Time'];
      execution += plan['Execution Time'];
      const top = plan.Plan;
      const first = query.text.replace(/\s+/g, ' ').trim().slice(0, 90).replace(/\|/g, '\\|');
      const prepared = await asPrepared(client, query).catch((error) => {
        console.error(
          `prepared run of statement ${i + 1} of ${name}: ${error.message}`,
          query.text.slice(0, 200),
          query.values,
        );
        return { generic: 0, custom: 0, plan: { 'Planning Time': NaN, 'Execution Time': NaN } };
      });
      lines.push(
        `| ${name} | ${i + 1} | \`${first}…\` | ${plan['Planning Time'].toFixed(2)} | ${plan['Execution Time'].toFixed(2)} | ` +
          `${top['Shared Hit Blocks'] ?? 0} / ${top['Shared Read Blocks'] ?? 0} | ${top['Actual Rows']} | ` +
          `${prepared.generic}/${prepared.custom}, ${prepared.plan['Planning Time'].toFixed(2)} + ${prepared.plan['Execution Time'].toFixed(2)} |`,
      );
      const seq = nodesOf(top).filter((n) => n.startsWith('Seq Scan'));
      details.push(
        `### ${name} — statement ${i + 1}${seq.length ? ` (sequential scans: ${[...new Set(seq)].join(', ')})` : ''}`,
        '',
        '```sql',
        query.text.trim(),
        '```',
        '',
        '```',
        ...text,
        '```',
        '',
      );
    }
    lines.push(
      `| **${name}** | **${queries.length}** | statements in all | **${planning.toFixed(1)}** | **${execution.toFixed(1)}** | | |`,
    );
  }
  lines.push('', `Load average (1 min) at the end ${os.loadavg()[0].toFixed(1)}.`, '', '## Plans', '', ...details);
} finally {
  await client.end();
  await app.close();
  await server.stop();
}
const file = path.join(root, 'bench/results', `${values.report}.md`);
await writeFile(file, `${lines.join('\n')}\n`);
console.log(`Wrote ${path.relative(root, file)}`);
