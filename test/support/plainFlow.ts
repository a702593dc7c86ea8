// Flow records in a form tests can compare, whatever object carries them.
import type { Flow } from '../../src/core/flows/types';

/**
 * A flow as a plain object with every field: a PackedFlow reads its fields through getters,
 * which toEqual does not see, so tests compare flows in this form.
 */
export function plainFlow(f: Flow): Flow {
  return {
    id: f.id,
    proto: f.proto,
    clientAddr: f.clientAddr,
    clientPort: f.clientPort,
    serverAddr: f.serverAddr,
    serverPort: f.serverPort,
    rolesFromHandshake: f.rolesFromHandshake,
    firstRow: f.firstRow,
    lastRow: f.lastRow,
    packets: f.packets,
    state: f.state,
    dirs: [{ ...f.dirs[0] }, { ...f.dirs[1] }],
    initialRtt: f.initialRtt,
    rows: f.rows,
  };
}
