// The webview's end of the message channel: posts WebviewToHost messages, pairs replies with
// requests, and hands every other host message to the listeners.
import {
  PROTOCOL_VERSION,
  RequestChannel,
  isHostMessage,
  type ExcerptsMessage,
  type HostToWebview,
  type RowsMessage,
  type SeriesMessage,
  type WebviewToHost,
} from '../src/protocol';

/** What `acquireVsCodeApi()` gives a webview (the same shape a stand-in host provides in tests). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

type Listener = (msg: HostToWebview) => void;

export class HostChannel {
  private readonly api: VsCodeApi;
  private readonly requests: RequestChannel;
  private readonly listeners: Listener[] = [];

  constructor() {
    this.api = acquireVsCodeApi();
    this.requests = new RequestChannel((m) => this.api.postMessage(m));
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const msg = event.data;
      if (!isHostMessage(msg)) return;
      if (this.requests.handle(msg)) return;
      for (const l of this.listeners) l(msg);
    });
  }

  onMessage(listener: Listener): void {
    this.listeners.push(listener);
  }

  post(msg: WebviewToHost): void {
    this.api.postMessage(msg);
  }

  ready(): void {
    this.post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
  }

  getRows(flow: number, from: number, count: number): Promise<RowsMessage> {
    return this.requests.request<'getRows'>({ type: 'getRows', flow, from, count });
  }

  getSeries(flow: number, dir: number, t0: number, t1: number, buckets: number): Promise<SeriesMessage> {
    return this.requests.request<'getSeries'>({ type: 'getSeries', flow, dir, t0, t1, buckets });
  }

  getExcerpts(findings: number[]): Promise<ExcerptsMessage> {
    return this.requests.request<'getExcerpts'>({ type: 'getExcerpts', findings });
  }

  log(level: 'debug' | 'info' | 'warn', message: string): void {
    this.post({ type: 'log', level, message });
  }

  error(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    this.post({ type: 'error', message: err.message, stack: err.stack });
  }

  getState(): unknown {
    return this.api.getState();
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }
}
