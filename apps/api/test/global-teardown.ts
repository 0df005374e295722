export default async function globalTeardown(): Promise<void> {
  await globalThis.__HUDDLE_TEST_DB__?.stop();
}
