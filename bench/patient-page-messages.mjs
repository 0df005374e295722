#!/usr/bin/env node
// Issue #13 item 1: the messages one patient page sends to PostgreSQL, in order, each with its statements
// (abbreviated; a batched message holds several, ADR 0013), in-process against the bench population, after
// a few pages have warmed the prepared statements. What is on the answer's path: everything before COMMIT.
//
//   BENCH_PG_PORT=… node bench/patient-page-messages.mjs   (after `npm run bench` loaded the population)
import pg from 'pg';
import { actorOf, apiModule, databaseUrl, startDatabase, withClient } from './lib/environment.mjs';
import { appContext } from './lib/capture.mjs';

const CARE_MANAGER = 'cm2@clinic1.synthetic.test';
const WARM_UP_PAGES = 5;
/** Where one statement of a batched message starts (read-snapshot.ts joins them with `;`). */
const STATEMENT_START = /;\s*(?=EXECUTE|PREPARE|SELECT|WITH|START|SET|COMMIT)/;

const server = await startDatabase();
const url = databaseUrl(server.url, 'huddle_bench');
const app = await appContext(url);
const original = pg.Client.prototype.query;
try {
  const cm = await actorOf(url, CARE_MANAGER);
  const patients = await withClient(url, async (c) =>
    (
      await c.query(
        `SELECT e.patient_id FROM episode e WHERE e.care_manager_id = $1 AND e.status <> 'discharged' ORDER BY e.id`,
        [cm.id],
      )
    ).rows.map((r) => r.patient_id),
  );
  const { PatientPageService } = apiModule('app/patient-page/patient-page.service.js');
  const pages = app.get(PatientPageService);
  for (let i = 0; i < WARM_UP_PAGES; i++) await pages.page(cm, patients[i % patients.length]);

  const sent = [];
  pg.Client.prototype.query = function (config, ...rest) {
    const text = typeof config === 'string' ? config : config?.text;
    if (typeof text === 'string') sent.push(text);
    return original.call(this, config, ...rest);
  };
  await pages.page(cm, patients[WARM_UP_PAGES % patients.length]);
  pg.Client.prototype.query = original;

  const commit = sent.indexOf('COMMIT');
  console.log(`${commit} message(s) before COMMIT, ${sent.length} in all`);
  sent.forEach((text, i) => {
    const statements = text.split(STATEMENT_START);
    console.log(`message ${i + 1}: ${statements.length} statement(s)`);
    for (const statement of statements) {
      const prepared = /^PREPARE \w+ AS (.*)/s.exec(statement);
      console.log(`    ${(prepared ? `PREPARE … AS ${prepared[1]}` : statement).replace(/\s+/g, ' ').slice(0, 140)}`);
    }
  });
} finally {
  pg.Client.prototype.query = original;
  await app.close();
  await server.stop();
}
