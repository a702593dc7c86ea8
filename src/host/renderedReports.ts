// The last `rendered` report of each open capture: what the webview says it shows. The
// integration tests read it through the `sockscope._lastRendered` command and the API's event.
import * as vscode from 'vscode';
import type { RenderedMessage } from '../protocol';

export interface RenderedReport extends RenderedMessage {
  /** The capture's URI, as a string. */
  uri: string;
  /** Packets in the capture, and warnings the reader reported (from the host's own tables). */
  packets: number;
  warnings: number;
  /** Distinct stages of the capture's findings, in finding order. */
  stages: string[];
  /** Stage of each finding, by finding index. */
  findingStages: string[];
  /** Title of each finding as sent to the webview (in the display language), by finding index. */
  findingTitles?: string[];
  /** The message shown instead of the capture when the file could not be read at all. */
  fatal?: string;
}

export class RenderedReports implements vscode.Disposable {
  private readonly last = new Map<string, RenderedReport>();
  private readonly emitter = new vscode.EventEmitter<RenderedReport>();
  readonly onDidRender = this.emitter.event;

  record(report: RenderedReport): void {
    this.last.set(report.uri, report);
    this.emitter.fire(report);
  }

  get(uri: string): RenderedReport | undefined {
    return this.last.get(uri);
  }

  all(): RenderedReport[] {
    return [...this.last.values()];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
