// The flow thread of `analyseCaptureFile` (bundled to dist/captureWorker.js): runs the flow pass
// on the rows the main thread decodes into shared memory, as they are handed over, and then
// diagnoses the share of the flows the main thread leaves to it. The main thread reads because
// it is running already: this thread takes 100–200 ms to start on the benchmark VM, which the
// flow pass, faster than decoding, makes up for while the main thread reads on.
import { parentPort, workerData } from 'node:worker_threads';
import { columnsOver, packetTable, rowCapacity, type PacketTable, type ReadWarning } from '../core/capture/packetTable';
import { appendSackChunk, emptySackList } from '../core/capture/sackList';
import { diagnoseFlowRange } from '../core/diagnosis/index';
import { FlowAnalyzer } from '../core/flows/index';
import { flowColumns } from '../core/flows/packedFlows';
import type { AnalysisColumns } from '../core/flows/sequenceAnalysis';
import type { FlowGrouping } from '../core/flows/types';
import { setLocale } from '../core/i18n/locale';
import { sharedMemory } from '../core/columnBlock';
import type { CaptureWorkerData, MainToWorker, TableMeta, TableNews, WorkerToMain } from './captureWorkerMessages';

if (!parentPort) throw new Error('captureWorker.js must run as a worker thread');
const port = parentPort;
const data = workerData as CaptureWorkerData;
setLocale(data.locale);
const send = (msg: WorkerToMain): void => port.postMessage(msg);

/** The flow pass over a table that another thread is still filling. */
class FollowingFlowPass {
  // Sized as the packet table is, once its first rows arrive (the reader's estimate of the rows).
  private analyzer: FlowAnalyzer | null = null;
  private readonly warnings: ReadWarning[] = [];
  private readonly sack = emptySackList();
  // The table as far as it is known: columns over the shared memory, rows [0, count). Built by
  // packetTable() like every table, so the flow pass sees one hidden class throughout.
  private growing: PacketTable | null = null;

  constructor(private readonly sequenceAnalysis: boolean) {}

  columns(msg: Extract<MainToWorker, { type: 'columns' }>): void {
    const { warnings, sack } = this;
    this.growing = packetTable(msg.columns, { count: this.growing?.count ?? 0, format: 'pcap', dateKnown: true, timePrecision: 6, addrs: [], sack, interfaces: [], warnings, bytes: 0 });
  }

  rows(count: number, news: TableNews): void {
    const growing = this.growing;
    if (!growing) throw new Error('flow thread: rows before columns');
    this.addNews(news);
    growing.count = count;
    this.analyzer ??= new FlowAnalyzer(rowCapacity(growing), undefined, sharedMemory, this.sequenceAnalysis);
    this.analyzer.advance(growing, count);
  }

  finish(count: number, news: TableNews, meta: TableMeta): { table: PacketTable; analysis: FlowGrouping; sequence: AnalysisColumns | null } {
    const growing = this.growing;
    if (!growing) throw new Error('flow thread: no columns before the end of reading');
    this.addNews(news);
    const table = packetTable(columnsOver(growing, count), { ...meta, count, warnings: this.warnings, sack: this.sack });
    const analyzer = (this.analyzer ??= new FlowAnalyzer(count, undefined, sharedMemory, this.sequenceAnalysis));
    analyzer.advance(table, count);
    const sequence = this.sequenceAnalysis ? analyzer.finishAnalysis() : null;
    return { table, analysis: analyzer.finishGrouping(), sequence };
  }

  private addNews(news: TableNews): void {
    for (const w of news.warnings) this.warnings.push(w);
    appendSackChunk(this.sack, news.sack);
  }
}

const pass = new FollowingFlowPass(data.sequenceAnalysis);
let done: { table: PacketTable; analysis: FlowGrouping } | null = null;

port.on('message', (msg: MainToWorker) => {
  try {
    switch (msg.type) {
      case 'columns':
        pass.columns(msg);
        break;
      case 'rows':
        pass.rows(msg.count, msg.news);
        break;
      case 'read': {
        const { table, analysis, sequence } = pass.finish(msg.count, msg.news, msg.meta);
        done = { table, analysis };
        const { flowOf, dirOf, flows } = analysis;
        send({ type: 'grouped', grouping: { flows: flowColumns(flows), flowOf, dirOf, sequence } });
        break;
      }
      case 'diagnose':
        if (!done) throw new Error('flow thread: asked to diagnose before the end of reading');
        // No detector looks at another flow, and a flow keeps its id, so the findings are named as on the main thread.
        send({ type: 'findings', findings: diagnoseFlowRange(done.table, done.analysis, msg.from, done.analysis.flows.length) });
        break;
    }
  } catch (e) {
    send({ type: 'failed', failure: e instanceof Error ? { message: e.message, stack: e.stack } : { message: String(e) } });
  }
});
