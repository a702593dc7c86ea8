// The flow pass publishes its flows as columns (flowColumns gives them back), which cross threads
// by postMessage and come back whole (unpackFlows): every field of every flow of the real
// recordings.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture';
import { analyzeFlows } from '../../src/core/flows';
import { flowColumns, unpackFlows } from '../../src/core/flows/packedFlows';
import { plainFlow } from '../support/plainFlow';
import { flowSummaryAt } from '../../src/view/flowTableView';
import { flowTable } from '../../src/view/summaryView';
import { CORPUS, HAS_SHARED, requireOrSkip } from '../support/shared';

const REAL = path.join(CORPUS, 'real');

describe.skipIf(!requireOrSkip('../shared corpus', HAS_SHARED))('packed flows', () => {
  it('round-trip every flow of every real recording through a structured clone of their columns', () => {
    let flows = 0;
    for (const scenario of readdirSync(REAL).sort()) {
      const file = path.join(REAL, scenario, 'capture.pcap');
      if (!statSync(path.join(REAL, scenario)).isDirectory()) continue;
      const table = readCaptureBytes(new Uint8Array(readFileSync(file)), file);
      const own = analyzeFlows(table).flows;
      // A clone of the columns (postMessage without a transfer) reads back the same flows.
      expect(unpackFlows(structuredClone(flowColumns(own))).map(plainFlow), scenario).toEqual(own.map(plainFlow));
      if (own.length > 0) expect(flowColumns(own).rows.buffer, scenario).toBe(own[0].rows.buffer);
      flows += own.length;
    }
    expect(flows).toBeGreaterThanOrEqual(12);
  });

  it("the summary's flow table says what each Flow record says, from the pass' columns or a copy of them", () => {
    for (const scenario of ['connection-refused', 'nodelay-outage-recovery', 'udp-msg-more-cork', 'close-with-unread-data-rst']) {
      const file = path.join(REAL, scenario, 'capture.pcap');
      const table = readCaptureBytes(new Uint8Array(readFileSync(file)), file);
      const flows = analyzeFlows(table).flows;
      const fromRecords = flowTable(table, flows);
      const fromColumns = flowTable(table, unpackFlows(structuredClone(flowColumns(flows))));
      expect(fromColumns, scenario).toEqual(fromRecords);
      for (const f of flows) {
        const v = flowSummaryAt(fromRecords, f.id)!;
        expect([v.proto, v.state, v.client.port, v.server.port, v.packets], scenario).toEqual([f.proto, f.state, f.clientPort, f.serverPort, f.packets]);
        expect([v.packetsToServer, v.packetsToClient, v.bytesToServer, v.bytesToClient]).toEqual([f.dirs[0].packets, f.dirs[1].packets, f.dirs[0].payloadBytes, f.dirs[1].payloadBytes]);
        expect([v.windowScale, v.mss, v.firstFrame, v.lastFrame]).toEqual([[f.dirs[0].windowScale, f.dirs[1].windowScale], [f.dirs[0].mss, f.dirs[1].mss], f.firstRow + 1, f.lastRow + 1]);
        expect(v.client.addr).toBe(table.addrs[f.clientAddr]);
      }
    }
  });

  it("gives the columns of one pass' flows only: none for no flows, an error for a subset or other records", () => {
    const table = readCaptureBytes(new Uint8Array(readFileSync(path.join(REAL, 'connection-refused', 'capture.pcap'))), 'capture.pcap');
    const own = analyzeFlows(table).flows;
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(flowColumns([]).count).toBe(0);
    expect(() => flowColumns(own.slice(1))).toThrow(/not one flow pass/);
    expect(() => flowColumns([...own].reverse())).toThrow(/not one flow pass/);
    expect(() => flowColumns(own.map(plainFlow))).toThrow(/not one flow pass/);
  });

  it('compares flows field by field in toEqual (test/support/flowEquality.ts)', () => {
    const file = path.join(REAL, 'connection-refused', 'capture.pcap');
    const table = readCaptureBytes(new Uint8Array(readFileSync(file)), file);
    const once = analyzeFlows(table).flows;
    const again = analyzeFlows(table).flows;
    expect(once.length).toBeGreaterThanOrEqual(2);
    // Different columns, same fields: equal; another flow, or one field changed: not equal.
    expect(again).toEqual(once);
    expect(again[1]).not.toEqual(once[0]);
    expect({ ...plainFlow(once[0]), clientPort: once[0].clientPort + 1 }).not.toEqual(once[0]);
    expect(plainFlow(once[0])).toEqual(once[0]);
  });
});
