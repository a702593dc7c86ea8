// What the host keeps for one open capture: the packet table, its flows with Wireshark's
// per-packet sequence analysis, and the findings. The webview never receives these whole; it
// asks for windows of rows. On desktop the columns are SharedArrayBuffers that the parse worker
// filled (and still reads while it diagnoses); `findings` is empty until the diagnosis is done.
import type { PacketTable } from '../core/capture/packetTable';
import type { Finding } from '../core/diagnosis/finding';
import type { FlowAnalysis, FlowGrouping } from '../core/flows/types';

/**
 * The table and its flows, as soon as they are grouped: enough for the flow list, the findings
 * and the exports. The per-packet analysis (what ladder rows and series show) may come later,
 * from another thread; `analysis` is named for what the complete model holds there.
 */
export interface FlowsModel {
  table: PacketTable;
  analysis: FlowGrouping;
  findings: Finding[];
}

export interface CaptureModel extends FlowsModel {
  analysis: FlowAnalysis;
}
