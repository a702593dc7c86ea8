// Runs one mocha (tdd) suite module inside the Node extension host; shared by the entries the
// workbench loads through `extensionTestsPath` for the main, Restricted Mode and zh-cn runs.

interface MochaRunner {
  suite: { emit(event: 'pre-require', context: object, file: string, mocha: MochaRunner): void };
  run(done: (failures: number) => void): void;
}
type MochaCtor = new (options: { ui: 'tdd'; color: boolean; timeout: number }) => MochaRunner;

export async function runMochaSuite(file: string, load: () => Promise<unknown>): Promise<void> {
  // mocha 11 is CommonJS; an ESM-only mocha would come back as a namespace.
  const loaded = require('mocha') as MochaCtor | { default?: MochaCtor; Mocha?: MochaCtor };
  const Mocha = (typeof loaded === 'function' ? loaded : (loaded.Mocha ?? loaded.default)) as MochaCtor;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  // Defines suite()/test() on globalThis before the test module runs.
  mocha.suite.emit('pre-require', globalThis, file, mocha);
  await load();
  await new Promise<void>((resolve, reject) =>
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed in ${file}`)) : resolve())),
  );
}
