/**
 * Polls `check` until it holds (notifications and replication arrive asynchronously); resolves with the
 * milliseconds it took, fails after `ms`.
 */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 5_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}
