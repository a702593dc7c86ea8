// What the webview shows follows the display language: the host's summary message carries stage
// titles, explanations and finding summaries in the locale the host set, even for findings a
// worker thread made in English.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture/index';
import { diagnose } from '../../src/core/diagnosis/index';
import { analyzeFlows } from '../../src/core/flows/index';
import { setLocale } from '../../src/core/i18n/index';
import { summaryMessage } from '../../src/view/summaryView';
import { CORPUS, HAS_SHARED } from '../support/shared';

afterEach(() => setLocale('en'));

describe.skipIf(!HAS_SHARED)('summary message by display language', () => {
  const file = path.join(CORPUS, 'real/zero-window-sndbuf-full/capture.pcap');
  const table = readCaptureBytes(new Uint8Array(readFileSync(file)), 'capture.pcap');
  const analysis = analyzeFlows(table);
  // Diagnosed in English, as the parse worker does.
  const model = { table, analysis, findings: diagnose(table, analysis) };

  it('English by default, the summaries exactly the CLI ones', () => {
    const msg = summaryMessage(model, 'capture.pcap');
    expect(msg.findings.map((f) => f.summary)).toEqual(model.findings.map((f) => f.summary));
    expect(msg.findings.find((f) => f.stage === 'zero_window')?.title).toBe('Receiver advertised a zero window');
  });

  it('Simplified Chinese once the host sets zh-cn', () => {
    setLocale('zh-cn');
    const msg = summaryMessage(model, 'capture.pcap');
    const zw = msg.findings.find((f) => f.stage === 'zero_window');
    expect(zw?.title).toBe('接收方通告了零窗口');
    expect(zw?.summary).toMatch(/^10\.99\.0\.2:5002 通告零窗口 5\.88 s/);
    expect(zw?.explanation).toContain('应用程序看到的现象');
    for (const f of msg.findings) expect(f.summary).toMatch(/[\u4e00-\u9fff]/);
    expect(msg.findings.map((f) => f.frames)).toEqual(model.findings.map((f) => f.frames));
  });
});
