// The one place the host calls into the core's pipeline: read → CaptureStream → analyzeFlows →
// diagnose, and the stage catalogue's texts. Keeping the calls here lets the rest of the host
// stay unchanged while the core's module boundaries settle.
import type { PacketTable } from '../core/capture/packetTable';
import type { StageId } from '../core/diagnosis/finding';
import type { CaptureModel } from './captureModel';

/** Receives a capture's bytes in order and yields the packet table at the end. */
export interface CaptureSink {
  push(chunk: Uint8Array): void;
  finish(): PacketTable;
}

export function createCaptureSink(fileName: string): CaptureSink {
  throw new Error(`${fileName}: this build of Sockscope has no capture reader (src/core/capture/index.ts)`);
}

/** Flow analysis and diagnosis of a complete table. */
export function analyseTable(table: PacketTable): CaptureModel {
  throw new Error(`no flow analysis in this build (${table.count} packets read)`);
}

export interface StageTexts {
  title: string;
  explanation: string;
}

export function stageTexts(stage: StageId): StageTexts {
  return { title: stage.replace(/_/g, ' '), explanation: '' };
}

export interface SourceExcerpt {
  /** 1-based line of the function's name in its definition, and of its closing brace. */
  startLine: number;
  endLine: number;
  lines: string[];
  anchors: { id: string; line: number; annotation: string }[];
}

/** Finds `functionName`'s definition in a kernel source file; undefined when it is not there. */
export function excerptFunction(stage: StageId, functionName: string, source: string): SourceExcerpt | undefined {
  const lines = source.split('\n');
  const name = new RegExp(`(^|[^A-Za-z0-9_])${functionName}\\s*\\(`);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // A definition starts in column 0 and is not a prototype or a call inside a macro.
    if (!name.test(line) || /^\s/.test(line) || line.trimEnd().endsWith(';')) continue;
    const end = closingBrace(lines, i);
    if (end < 0) continue;
    return {
      startLine: i + 1,
      endLine: end + 1,
      lines: lines.slice(i, end + 1),
      anchors: [{ id: `${functionName}.definition`, line: i + 1, annotation: `${functionName}: ${stage.replace(/_/g, ' ')}` }],
    };
  }
  return undefined;
}

function closingBrace(lines: string[], from: number): number {
  let depth = 0;
  let opened = false;
  for (let i = from; i < lines.length && i < from + 2000; i++) {
    for (const c of lines[i]) {
      if (c === '{') {
        depth++;
        opened = true;
      } else if (c === '}') {
        depth--;
        if (opened && depth === 0) return i;
      }
    }
    if (!opened && i > from + 10) return -1;
  }
  return -1;
}

/** true when the start of a text file reads like tcpdump's output. */
export function looksLikeTcpdump(text: string): boolean {
  const packetLine = /^(\d{4}-\d{2}-\d{2} )?\d{1,2}:\d{2}:\d{2}\.\d{6,9} (IP6?|ARP|[0-9a-f]{2}(:[0-9a-f]{2}){5}) /;
  const relativeLine = /^\s*\d+\.\d{6,9} (IP6?|ARP) /;
  let hits = 0;
  let lines = 0;
  for (const line of text.split('\n', 50)) {
    if (!line.trim()) continue;
    lines++;
    if (packetLine.test(line) || relativeLine.test(line)) hits++;
  }
  return hits >= 2 && hits * 4 >= lines;
}
