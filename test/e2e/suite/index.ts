// Entry the workbench loads through `extensionTestsPath`: runs the mocha suite inside the Node
// extension host (the same contract @vscode/test-electron uses). Bundled by scripts/e2e.sh next
// to the cached mocha, which is why `require('mocha')` resolves.

interface MochaRunner {
  suite: { emit(event: 'pre-require', context: object, file: string, mocha: MochaRunner): void };
  run(done: (failures: number) => void): void;
}
type MochaCtor = new (options: { ui: 'tdd'; color: boolean; timeout: number }) => MochaRunner;

export async function run(): Promise<void> {
  // mocha 11 is CommonJS; an ESM-only mocha would come back as a namespace.
  const loaded = require('mocha') as MochaCtor | { default?: MochaCtor; Mocha?: MochaCtor };
  const Mocha = (typeof loaded === 'function' ? loaded : (loaded.Mocha ?? loaded.default)) as MochaCtor;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  // Defines suite()/test() on globalThis before the test module runs.
  mocha.suite.emit('pre-require', globalThis, 'capture.e2e', mocha);
  await import('./capture.e2e');
  await new Promise<void>((resolve, reject) =>
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve())),
  );
}
