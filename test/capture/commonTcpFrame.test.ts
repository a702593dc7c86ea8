// decodeCommonTcpFrame is a shortcut past the layer decoders for Ethernet/IPv4/TCP frames: for
// every frame it takes it must write exactly what the layer decoders write, and a frame they
// would warn about must be declined with nothing written. Checked on every Ethernet frame of the
// corpus' classic pcap files, and on damaged copies of the frames it takes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCommonTcpFrame } from '../../src/core/capture/commonTcpFrame';
import { FrameDecoder } from '../../src/core/capture/frameDecoder';
import { LinkType } from '../../src/core/capture/linkTypes';
import { COLUMN_NAMES, PacketTableBuilder, type ColumnName } from '../../src/core/capture/packetTable';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

interface Frame {
  bytes: Uint8Array;
  view: DataView;
  start: number;
  capLen: number;
}

/** The records of a classic pcap file with Ethernet framing (none for anything else). */
function ethernetFrames(file: string): Frame[] {
  const bytes = new Uint8Array(readFileSync(file));
  if (bytes.length < 24) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const be = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  if (!le && !be) return [];
  if ((view.getUint32(20, le) & 0xffff) !== LinkType.Ethernet) return [];
  const frames: Frame[] = [];
  for (let pos = 24; pos + 16 <= bytes.length; ) {
    const capLen = view.getUint32(pos + 8, le);
    if (pos + 16 + capLen > bytes.length) break;
    frames.push({ bytes, view, start: pos + 16, capLen });
    pos += 16 + capLen;
  }
  return frames;
}

function pcapFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.pcap'))
    .map((name) => path.join(dir, name));
}

/** One frame through both paths, each into a fresh table: 'declined', or 'same' after the checks. */
function compare(frame: Frame): 'taken' | 'declined' {
  const shortcut = new PacketTableBuilder('pcap', 16);
  const row = shortcut.row();
  const before = rowOf(shortcut, row);
  if (!decodeCommonTcpFrame(shortcut, row, frame.bytes, frame.view, frame.start, frame.capLen)) {
    expect(rowOf(shortcut, row), 'a declined frame leaves its row alone').toEqual(before);
    return 'declined';
  }
  const layered = new PacketTableBuilder('pcap', 16);
  const layers = new FrameDecoder(layered);
  layers.decode(layered.row(), LinkType.Ethernet, 0, frame.bytes, frame.view, frame.start, frame.capLen, 0, false);
  expect(layered.warnings, 'the layer decoders found nothing wrong with a frame the shortcut took').toEqual([]);
  expect(rowOf(shortcut, row)).toEqual(rowOf(layered, 0));
  return 'taken';
}

/** A row's columns, addresses as their texts (each table interns its own). */
function rowOf(b: PacketTableBuilder, row: number): Record<ColumnName, number | string> {
  const out = {} as Record<ColumnName, number | string>;
  for (const name of COLUMN_NAMES) out[name] = (b.cols[name] as ArrayLike<number>)[row];
  out.src = b.addrs[out.src as number] ?? 'none';
  out.dst = b.addrs[out.dst as number] ?? 'none';
  return out;
}

/** Copies of a frame damaged where the shortcut decides: lengths, type fields, option bytes. */
function damagedCopies(frame: Frame, random: () => number): Frame[] {
  const original = frame.bytes.subarray(frame.start, frame.start + frame.capLen);
  // Ethernet type, IPv4 version/IHL, total length, fragment field, protocol, TCP data offset, first option bytes.
  const spots = [12, 13, 14, 16, 17, 20, 21, 23, 46, 54, 55, 56, 57];
  const copies: Frame[] = [];
  for (const spot of spots) {
    if (spot >= original.length) continue;
    const bytes = original.slice();
    bytes[spot] = Math.floor(random() * 256);
    copies.push({ bytes, view: new DataView(bytes.buffer), start: 0, capLen: bytes.length });
  }
  // Cut short anywhere in the headers.
  const cut = Math.floor(random() * Math.min(original.length, 80));
  const bytes = original.slice(0, cut);
  copies.push({ bytes, view: new DataView(bytes.buffer), start: 0, capLen: cut });
  return copies;
}

/** A fixed-seed generator, so a failure can be run again. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function checkFiles(files: string[]): { taken: number; declined: number; damaged: number } {
  const counts = { taken: 0, declined: 0, damaged: 0 };
  const random = seeded(7);
  for (const file of files) {
    for (const frame of ethernetFrames(file)) {
      const outcome = compare(frame);
      counts[outcome]++;
      // Damaged copies of a sample of the frames taken (all of them would take minutes).
      if (outcome === 'taken' && counts.taken % 97 === 1) {
        for (const copy of damagedCopies(frame, random)) {
          compare(copy);
          counts.damaged++;
        }
      }
    }
  }
  return counts;
}

describe('decodeCommonTcpFrame', () => {
  it('writes what the layer decoders write, on the lab recordings in the repository', () => {
    const counts = checkFiles(pcapFilesUnder(path.join(REPO_ROOT, 'test/fixtures/lab')));
    expect(counts.taken).toBeGreaterThan(500);
    expect(counts.damaged).toBeGreaterThan(100);
  });

  it.skipIf(!HAS_SHARED)('writes what the layer decoders write, or declines, on every Ethernet frame of the corpus', () => {
    const counts = checkFiles([...pcapFilesUnder(path.join(CORPUS, 'real')), ...pcapFilesUnder(path.join(CORPUS, 'peer'))]);
    // The corpus holds both kinds in numbers: tcpdump's test suite is mostly frames the shortcut declines.
    expect(counts.taken).toBeGreaterThan(10_000);
    expect(counts.declined).toBeGreaterThan(1000);
  }, 120_000);

  it('declines what it does not know, leaving it to the layer decoders', () => {
    const frame = pcapFilesUnder(path.join(REPO_ROOT, 'test/fixtures/lab'))
      .flatMap(ethernetFrames)
      .find((f) => compare(f) === 'taken');
    expect(frame).toBeDefined();
    const bytes = frame!.bytes.slice(frame!.start, frame!.start + frame!.capLen);
    const view = new DataView(bytes.buffer);
    const b = new PacketTableBuilder('pcap', 16);
    const tryWith = (change: (copy: Uint8Array) => void): boolean => {
      const copy = bytes.slice();
      change(copy);
      return decodeCommonTcpFrame(b, b.row(), copy, new DataView(copy.buffer), 0, copy.length);
    };
    expect(decodeCommonTcpFrame(b, b.row(), bytes, view, 0, bytes.length)).toBe(true);
    expect(tryWith((c) => (c[12] = 0x86))).toBe(false); // IPv6 EtherType
    expect(tryWith((c) => (c[23] = 17))).toBe(false); // UDP
    expect(tryWith((c) => (c[20] |= 0x01))).toBe(false); // a later fragment
    expect(tryWith((c) => (c[14] = 0x44))).toBe(false); // IHL 4: malformed
    expect(tryWith((c) => (c[46] = 0x40))).toBe(false); // TCP data offset 4: malformed
  });
});
