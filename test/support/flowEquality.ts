// Registered for every test file (vitest.config.ts): toEqual compares Flow records field by field.
// The flow pass' Flow records read their fields through getters over shared columns (packedFlows.ts),
// which toEqual would not see; it would compare the whole columns behind each flow instead.
import { expect } from 'vitest';
import type { Flow } from '../../src/core/flows/types';
import { plainFlow } from './plainFlow';

/** A Flow whose fields are getters of its class rather than properties of its own. */
function isColumnFlow(x: unknown): x is Flow {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto !== Object.prototype && proto !== null && typeof Object.getOwnPropertyDescriptor(proto, 'dirs')?.get === 'function';
}

expect.addEqualityTesters([
  function flowsEqual(this: { equals: (a: unknown, b: unknown) => boolean }, a: unknown, b: unknown): boolean | undefined {
    const aFlow = isColumnFlow(a);
    const bFlow = isColumnFlow(b);
    if (!aFlow && !bFlow) return undefined;
    return this.equals(aFlow ? plainFlow(a) : a, bFlow ? plainFlow(b) : b);
  },
]);
