#!/usr/bin/env node
// Issue #13: the SQL-placed review agenda (session 9) equals libs/scoring's ranking of every line in Node (the
// path before), on the bench population: three consultants, this week, last week and a month back (past weeks
// read lines through the summary functions), the whole agenda and pages of 50, sections and progress.
//   BENCH_PG_PORT=… node bench/agenda-placement-check.mjs   (after `npm run bench` loaded the population)
import { apiModule, databaseUrl, startDatabase, withClient } from './lib/environment.mjs';
import { appContext } from './lib/capture.mjs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const server = await startDatabase();
const url = databaseUrl(server.url, 'huddle_bench');
const app = await appContext(url);
const { ReviewAgendaService } = apiModule('app/review/review-agenda.service.js');
const { EpisodeAggregateRepository } = apiModule('app/registry-sql/episode-aggregate.repository.js');
const { ClinicRulesService, rulesOn } = apiModule('app/registry-sql/clinic-rules.service.js');
const { evaluateAggregateFlags, raisesSafety } = apiModule('app/registry-sql/flag-context.mapper.js');
const { mondayOf } = apiModule('app/review/review-week.js');
const scoring = require('@huddle/scoring');
const emails = ['psych1@clinic1.synthetic.test', 'psych2@clinic1.synthetic.test', 'psych1@clinic2.synthetic.test'];
let bad = 0;
for (const email of emails) {
  const row = await withClient(
    url,
    async (c) => (await c.query('SELECT id, clinic_id, role FROM staff_user WHERE email = $1', [email])).rows[0],
  );
  if (!row) {
    console.log('no', email);
    continue;
  }
  const actor = { id: row.id, clinicId: row.clinic_id, role: row.role, displayName: 'x', sessionId: 'b', ip: null };
  const today = await app.get(ClinicRulesService).forClinic(actor.clinicId);
  for (const weekOf of [undefined, scoring.addDays(today.asOf, -7), scoring.addDays(today.asOf, -30)]) {
    const whole = await app.get(ReviewAgendaService).agenda(actor, { weekOf });
    const pages = [];
    for (let offset = 0; offset < whole.lines.length; offset += 50)
      pages.push(...(await app.get(ReviewAgendaService).agenda(actor, { weekOf, limit: 50, offset })).lines);
    // Node ranking of every line (the path before session 9).
    const wk = mondayOf(weekOf ?? today.asOf);
    const rules = rulesOn(today, scoring.addDays(wk, 6));
    const { rows } = await app.get(EpisodeAggregateRepository).find({
      rules,
      weekOf: wk,
      reviewsBefore: new Date(scoring.startOfLocalDay(wk, rules.timeZone)),
      careManagerNames: true,
      where: (p) => [`e.consultant_id = ${p.add(actor.id, 'uuid')}`],
    });
    const ordered = scoring.orderReviewAgenda(
      rows.map((a) => {
        const computed = evaluateAggregateFlags(a, rules.thresholds, rules.asOf);
        const codes = computed.map((f) => f.code);
        const safety = raisesSafety(computed, a.manualFlags);
        return {
          patientId: a.patientId,
          flagCodes: safety && !codes.includes('SAFETY') ? ['SAFETY', ...codes] : codes,
          enrolledAt: a.enrolledAt,
          lastReviewedAt: a.lastReviewAt,
          requestedByCareManager: a.reviewRequested,
          reviewedThisWeekOn: a.weekReviewedOn,
          a,
        };
      }),
      rules.asOf,
      { routineReviewDays: rules.thresholds.routineReviewDays, weekEnd: scoring.addDays(wk, 6), today: today.asOf },
    );
    const key = (l) => `${l.rank}|${l.episodeId ?? l.entry.a.episodeId}|${l.bucket}|${l.reason}|${l.dueThisWeek}`;
    const want = ordered.map(key).join('\n');
    const got = whole.lines.map(key).join('\n');
    const paged = pages.map(key).join('\n');
    const due = ordered.filter((i) => i.dueThisWeek);
    const sectionsOk =
      whole.sections.due === due.length &&
      whole.sections.notDue === ordered.length - due.length &&
      whole.progress.reviewed === due.filter((i) => i.entry.a.weekReviewId !== null).length;
    const ok = want === got && want === paged && sectionsOk;
    if (!ok) bad++;
    console.log(
      email,
      weekOf ?? 'this week',
      'lines',
      whole.lines.length,
      'buckets',
      JSON.stringify(
        Object.fromEntries(scoring.AGENDA_BUCKET_ORDER.map((b) => [b, ordered.filter((i) => i.bucket === b).length])),
      ),
      'sections',
      JSON.stringify(whole.sections),
      'equal',
      ok,
    );
  }
}
console.log('fallbacks', app.get(ReviewAgendaService).placementMismatches, 'bad', bad);
process.exitCode = bad > 0 || app.get(ReviewAgendaService).placementMismatches > 0 ? 1 : 0;
await app.close();
await server.stop();
