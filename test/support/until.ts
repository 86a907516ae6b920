import * as assert from 'node:assert/strict';

/**
 * Polls `condition` until it holds, failing the test with `what` after `timeoutMs`. A condition
 * that throws (a UI element not there yet) has not held yet; its last error is in the failure.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}${lastError === undefined ? '' : ` (last: ${String(lastError)})`}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
