// What the host keeps for one open capture: the packet table, the per-packet flow analysis and
// the findings. The webview never receives these whole; it asks for windows of rows.
import type { PacketTable } from '../core/capture/packetTable';
import type { Finding } from '../core/diagnosis/finding';
import type { FlowAnalysis } from '../core/flows/types';

export interface CaptureModel {
  table: PacketTable;
  analysis: FlowAnalysis;
  findings: Finding[];
}

/**
 * The distinct buffers under the model's typed arrays, so a worker can transfer them to the host
 * instead of copying. Walks plain objects and arrays; arrays of numbers are not descended into.
 */
export function transferableBuffers(model: CaptureModel): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || typeof value !== 'object' || value === null) return;
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0 || typeof value[0] !== 'object') return;
      for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key], depth + 1);
  };
  visit(model, 0);
  return [...found];
}
