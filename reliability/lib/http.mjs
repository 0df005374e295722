// Sending generated cases (lib/openapi-cases.cjs) with fetch, and timing /api/health/live meanwhile.
import { createRequire } from 'node:module';

export const gen = createRequire(import.meta.url)('./openapi-cases.cjs');

/** Sends one case as `token`'s holder (or anonymously) and returns `{ status, contentType, body }`. */
export async function send(baseUrl, c, op, token) {
  const headers = { ...(c.headers ?? {}) };
  if (token) headers.authorization = gen.authHeader(c.auth, token);
  if (c.accept) headers.accept = c.accept;
  let body;
  if (c.contentType && c.raw === undefined) headers['content-type'] = c.contentType;
  if (c.raw !== undefined) {
    headers['content-type'] = c.contentType ?? 'application/json';
    body = c.raw;
  } else if (c.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(c.body);
  }
  const method = c.method ?? op.method;
  let res;
  try {
    res = await fetch(`${baseUrl}${c.url}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : body,
      redirect: 'manual',
    });
  } catch (error) {
    // The server closed the connection without an answer (e.g. headers over Node's 16 kB limit).
    return { status: 0, contentType: '', body: String(error?.cause?.code ?? error?.message ?? error) };
  }
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let parsed = text;
  if (/json/.test(contentType)) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // left as text
    }
  }
  return { status: res.status, contentType, body: parsed };
}

/**
 * Times GET /api/health/live every 50 ms until `stop()`: the slowest answer bounds how long the event
 * loop was blocked (plus one round trip) while the other requests ran.
 */
export function probeLiveness(baseUrl) {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${baseUrl}/api/health/live`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      max = Math.max(max, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return max;
    },
  };
}
