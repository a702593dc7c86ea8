// What the host keeps for one open capture: the packet table, the per-packet flow analysis and
// the findings. The webview never receives these whole; it asks for windows of rows. On desktop
// the columns are SharedArrayBuffers that the parse worker filled (and still reads while it
// diagnoses); `findings` is empty until the diagnosis is done.
import type { PacketTable } from '../core/capture/packetTable';
import type { Finding } from '../core/diagnosis/finding';
import type { FlowAnalysis } from '../core/flows/types';

export interface CaptureModel {
  table: PacketTable;
  analysis: FlowAnalysis;
  findings: Finding[];
}
