// Tests that each need their own server: start it, use it, and stop it even when the test fails.

/** Runs `use` with what `start` answers (anything with a `close()`), and closes it afterwards. */
export async function withRunning(start, use) {
  const running = await start();
  try {
    return await use(running);
  } finally {
    await running.close();
  }
}
