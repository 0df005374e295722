import { writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const ms = (v) => (v === null || v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0));
const num = (v) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));

/** Writes results as JSON and a markdown table into bench/results/, and prints the table. */
export async function writeReport(dir, meta, rows, name = 'latest') {
  await mkdir(dir, { recursive: true });
  const lines = [
    `# Huddle benchmark — ${meta.date}`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
      `Population: ${num(meta.counts?.patients)} patients, ${num(meta.counts?.assessments)} assessments. Load: ${meta.connections} connections × ${meta.duration} s. ` +
      `API: ${meta.webConcurrency ?? 1} Node process${(meta.webConcurrency ?? 1) > 1 ? 'es (WEB_CONCURRENCY)' : ''}.` +
      (meta.loadAverage
        ? ` Machine load average (1 min) at the start ${meta.loadAverage.start.toFixed(1)}, at the end ${os.loadavg()[0].toFixed(1)}.`
        : ''),
    '',
    '| Scenario | API p50 ms | API p95 ms | API req/s | SQL p50 ms | SQL p95 ms | SQL req/s | API/SQL (p95) | Target | Met |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|:-:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${ms(r.api?.p50)} | ${ms(r.api?.p95)} | ${num(r.api?.rps)} | ${ms(r.sql?.p50)} | ${ms(r.sql?.p95)} | ${num(r.sql?.rps)} | ` +
        `${r.ratio === undefined || r.ratio === null ? '—' : r.ratio.toFixed(2) + '×'} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? '✅' : '❌'} |`,
    ),
    '',
    ...rows.filter((r) => r.note).map((r) => `- **${r.name}**: ${r.note}`),
    '',
  ];
  const markdown = lines.join('\n');
  await writeFile(path.join(dir, `${name}.md`), markdown);
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify({ meta, rows }, null, 2));
  console.log(`\n${markdown}`);
}
