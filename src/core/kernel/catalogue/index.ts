// The stage catalogue's typed API: stages, their kernel functions, and the files they live in.
import { STAGE_IDS, type StageId } from '../../diagnosis/finding';
import { CLOSE_FUNCTIONS } from './closePath';
import { RECEIVE_FUNCTIONS } from './receivePath';
import { REFUSE_FUNCTIONS } from './refusePath';
import { SEND_PATH_FUNCTIONS } from './sendPath';
import { STAGE_TABLE } from './stages';
import { localizeKernelFunction } from '../../i18n/kernelTexts';
import { localizeStage } from '../../i18n/stageTexts';
import { TRANSMIT_FUNCTIONS } from './transmitPath';
import { UDP_CORK_FUNCTIONS } from './udpCorkPath';
import type { KernelFunction, StageInfo } from './types';

export type { AppSymptom, KernelAnchor, KernelFunction, StageInfo, VersionNote } from './types';

const FUNCTIONS: ReadonlyMap<string, KernelFunction> = new Map(
  [...SEND_PATH_FUNCTIONS, ...TRANSMIT_FUNCTIONS, ...RECEIVE_FUNCTIONS, ...CLOSE_FUNCTIONS, ...REFUSE_FUNCTIONS, ...UDP_CORK_FUNCTIONS].map(
    (f) => [f.name, f],
  ),
);

/** Every stage, in the order of `STAGE_IDS`. */
export const STAGES: readonly StageInfo[] = STAGE_IDS.map((id) => STAGE_TABLE[id]);

export function isStageId(value: string): value is StageId {
  return (STAGE_IDS as readonly string[]).includes(value);
}

/** The stage's entry, its texts in the current locale (src/core/i18n). */
export function stageInfo(stage: StageId): StageInfo {
  return localizeStage(STAGE_TABLE[stage]);
}

/** Every kernel function the catalogue knows, each once, as the catalogue has it (English). */
export function allKernelFunctions(): KernelFunction[] {
  return [...FUNCTIONS.values()];
}

/** The function's entry, its role, anchor notes and version notes in the current locale (src/core/i18n). */
export function kernelFunction(name: string): KernelFunction | undefined {
  const fn = FUNCTIONS.get(name);
  return fn && localizeKernelFunction(fn);
}

/** The stage's kernel functions with their full entries, most telling first, texts in the current locale. */
export function stageFunctions(stage: StageId): KernelFunction[] {
  return STAGE_TABLE[stage].functions.map((name) => {
    const fn = FUNCTIONS.get(name);
    // A stage naming a function that has no entry is a catalogue bug; fail loudly in tests.
    if (!fn) throw new Error(`stage ${stage} names unknown kernel function ${name}`);
    return localizeKernelFunction(fn);
  });
}

/** What `Finding.kernel` holds: function and file (where current LTS kernels have it). */
export function kernelRefs(stage: StageId): { function: string; file: string }[] {
  return stageFunctions(stage).map((f) => ({ function: f.name, file: f.files[0] }));
}

/** The files the catalogue names, relative to a kernel tree's root: the mirror's allow-list. */
export function catalogueFiles(): string[] {
  const files = new Set<string>();
  for (const f of FUNCTIONS.values()) for (const file of f.files) files.add(file);
  return [...files].sort();
}
