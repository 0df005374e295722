// Load measurement helpers: HTTP with autocannon, direct SQL with N concurrent loops; both record
// latencies in an HDR histogram so p50/p95/p99 are comparable.
import { treeCpuMs } from './cpu.mjs';
import { createRequire } from 'node:module';
import autocannon from 'autocannon';

const require = createRequire(import.meta.url);
const hdr = require('hdr-histogram-js');

// autocannon 8 keeps every response body as a string (`req.body += chunk` in
// lib/pipelinedRequestsQueue.js), decoding the bytes as UTF-8. For the 45 kB gzipped agenda that was
// ~70% of the load generator's CPU (profiled), taken from the two cores the API is measured on. The bench
// never reads a body (no verifyBody, expectBody or onResponse; status codes and byte counts come from
// elsewhere), so bodies are dropped instead of decoded.
const PipelinedRequestsQueue = require('autocannon/lib/pipelinedRequestsQueue.js');
PipelinedRequestsQueue.prototype.addBody = function dropBody() {
  // Counted by addByteCount; not kept.
};

const newHistogram = () =>
  hdr.build({
    // JS histogram: autocannon destroys the histograms it is given, a no-op for this kind.
    useWebAssembly: false,
    bitBucketSize: 64,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });

const summarise = (histogram, count, seconds, errors) => ({
  p50: histogram.getValueAtPercentile(50) / 1000,
  p95: histogram.getValueAtPercentile(95) / 1000,
  p99: histogram.getValueAtPercentile(99) / 1000,
  rps: count / seconds,
  requests: count,
  errors,
});

/** Seconds of load before each measurement, not recorded (JIT, pools and caches warm up). */
export const WARM_UP_SECONDS = 2;

/**
 * Runs autocannon against one endpoint (`requests`, optional, rotates through request variants),
 * after a {@link WARM_UP_SECONDS} warm-up (skip it with `warmUp: false`, e.g. for writes).
 * Latencies in ms, at autocannon's 1 ms resolution.
 */
export async function measureHttp({
  url,
  headers = {},
  method = 'GET',
  body,
  requests,
  connections,
  duration,
  warmUp = true,
  cpuPids,
}) {
  const options = {
    url,
    method,
    // As the dashboard's browser does: large read responses are sent gzipped.
    headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip', ...headers },
    body,
    requests,
    connections,
  };
  if (warmUp) await autocannon({ ...options, duration: WARM_UP_SECONDS, histograms: { latencies: newHistogram() } });
  const histogram = newHistogram();
  // Server CPU (e.g. API + PostgreSQL, `cpuPids()`) over the recorded window only, per request.
  const cpuBefore = cpuPids ? treeCpuMs(cpuPids()) : null;
  const result = await autocannon({ ...options, duration, histograms: { latencies: histogram } });
  const cpuAfter = cpuPids ? treeCpuMs(cpuPids()) : null;
  const cpuMsPerRequest =
    cpuBefore !== null && cpuAfter !== null && result.requests.total > 0
      ? (cpuAfter - cpuBefore) / result.requests.total
      : null;
  // autocannon records latencies in whole milliseconds.
  return {
    p50: histogram.getValueAtPercentile(50),
    p95: histogram.getValueAtPercentile(95),
    p99: histogram.getValueAtPercentile(99),
    rps: result.requests.total / duration,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMsPerRequest,
  };
}

/**
 * Runs `fn` from `connections` concurrent loops for `duration` seconds (direct SQL reference), after
 * the same warm-up as {@link measureHttp}.
 */
export async function measureLoop(fn, { connections, duration, warmUp = true }) {
  if (warmUp) await measureLoop(fn, { connections, duration: WARM_UP_SECONDS, warmUp: false });
  const histogram = newHistogram();
  const deadline = performance.now() + duration * 1000;
  let count = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      let i = worker;
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await fn(i);
        } catch {
          errors++;
        }
        histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
        count++;
        i += connections;
      }
    }),
  );
  return summarise(histogram, count, (performance.now() - started) / 1000, errors);
}

/** Median of `runs` single, sequential calls (for heavy one-off queries such as whole-population outcomes). */
export async function measureSequential(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs / 2)], p95: times[Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)], runs };
}
