// The npm `assert` polyfill (through `util`) reads `process`; the web extension host has none.
// esbuild injects this module-scoped stand-in into the test bundle only, so the extension itself
// is never given a `process` and any use of it there still fails as it would for users.
export const process = {
  env: {} as Record<string, string | undefined>,
  nextTick(fn: (...args: unknown[]) => void, ...args: unknown[]): void {
    queueMicrotask(() => fn(...args));
  },
};
