// Entry the web workbench loads through `extensionTestsPath`: runs the mocha suite inside the
// web worker extension host. Bundled into one file (mocha's browser build, the `assert`
// polyfill) by scripts/e2e-web.sh; mocha's spec reporter prints through console.log, which the
// workbench forwards to the runner (codeAutomationLog).

interface BrowserMocha {
  setup(options: { ui: 'tdd'; reporter: string; color: boolean; timeout: number }): void;
  run(done: (failures: number) => void): void;
}

export async function run(): Promise<void> {
  require('mocha/mocha.js');
  const mocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  // Defines suite()/test() on globalThis before the test module runs.
  mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000 });
  await import('./web.e2e');
  await new Promise<void>((resolve, reject) =>
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} web extension test(s) failed`)) : resolve())),
  );
}
