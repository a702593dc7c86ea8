// writeJson must write exactly JSON.stringify(value, null, indent), whatever the shapes, in pieces.
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../src/cli/jsonWriter';

async function written(value: Record<string, unknown>, indent: number): Promise<{ text: string; pieces: number }> {
  const pieces: string[] = [];
  await writeJson((t) => pieces.push(t), value, indent);
  return { text: pieces.join(''), pieces: pieces.length };
}

describe('writeJson', () => {
  const shapes: Record<string, unknown>[] = [
    {},
    { a: 1 },
    { empty: [], none: null, gone: undefined, fn: () => 1, nested: { list: [1, [2, { x: 'a\nb' }]], deep: { e: [] } } },
    { tool: 'sockscope', flows: [{ id: 'f0', client: { addr: '::1', port: 1 } }, undefined, 'text "quoted"', [], {}], tail: [1, 2] },
  ];
  it.each([1, 2])('equals JSON.stringify with indent %i', async (indent) => {
    for (const v of shapes) expect((await written(v, indent)).text).toBe(JSON.stringify(v, null, indent));
  });

  it('writes a long array in pieces of about a megabyte', async () => {
    const v = { flows: Array.from({ length: 50_000 }, (_, k) => ({ id: `f${k}`, packets: k, state: 'open' })) };
    const { text, pieces } = await written(v, 2);
    expect(text).toBe(JSON.stringify(v, null, 2));
    expect(pieces).toBeGreaterThan(3);
  });
});

describe('writeJson with a reader that takes its time', () => {
  it('writes no further piece until the previous one has drained', async () => {
    const v = { flows: Array.from({ length: 50_000 }, (_, k) => ({ id: `f${k}`, packets: k, state: 'open' })) };
    const pieces: string[] = [];
    let waiting = 0;
    let drains = 0;
    const done = writeJson(
      (t) => {
        // A piece written while the previous one is still waiting would be what fills memory.
        expect(waiting).toBe(0);
        pieces.push(t);
      },
      v,
      2,
      async () => {
        waiting++;
        drains++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        waiting--;
      },
    );
    await done;
    expect(pieces.join('')).toBe(JSON.stringify(v, null, 2));
    expect(drains).toBeGreaterThan(2);
  });
});
