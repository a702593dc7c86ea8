// Web build: no worker threads for the extension host there, so the pipeline runs in the host
// and hands the event loop back between chunks to keep the editor responsive; after the flows
// too, so the flow list reaches the webview before the diagnosis starts, and between groups of
// flows being diagnosed.
import { ParseCancelled, type CaptureParser } from './captureParser';
import { CHUNK_SIZE, type FileAccess } from './fileAccess';
import { parseChunks } from './parseCapture';
import { maxRowsForMemory } from '../core/capture/packetTable';

/** Smaller chunks than on desktop: each one is parsed on the host's only thread. */
const WEB_CHUNK_SIZE = CHUNK_SIZE >> 2;

/**
 * A browser tab gets a few GiB of memory whatever the machine has (and a web worker cannot ask):
 * the packet table is limited as on a 4 GiB machine, about 16 million packets.
 */
const WEB_MAX_ROWS = maxRowsForMemory(4 * 2 ** 30);

export function hostParser(files: FileAccess): CaptureParser {
  return {
    async parse(uri, fileName, token, { onProgress, onFlows, onAnalysis }) {
      const total = await files.size(uri);
      return parseChunks(fileName, files.chunks(uri, WEB_CHUNK_SIZE), {
        total,
        maxRows: WEB_MAX_ROWS,
        onProgress,
        onFlows: (model) => onFlows(model, { sharedMemory: false }),
        // One thread: the flows come analysed (the pass followed the rows as they were read).
        onAnalysis,
        betweenChunks: async () => {
          await new Promise<void>((resolve) => setTimeout(resolve, 0));
          if (token.isCancellationRequested) throw new ParseCancelled(fileName);
        },
      });
    },
  };
}
