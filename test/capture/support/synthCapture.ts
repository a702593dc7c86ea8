// Builds small pcap and pcapng files byte by byte, in either byte order, so the readers' unit
// tests state exactly which header fields they exercise.

export class ByteWriter {
  private bytes: number[] = [];
  constructor(readonly littleEndian: boolean) {}
  u8(v: number): this {
    this.bytes.push(v & 255);
    return this;
  }
  u16(v: number): this {
    return this.littleEndian ? this.u8(v).u8(v >> 8) : this.u8(v >> 8).u8(v);
  }
  u32(v: number): this {
    const b = [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    for (const x of this.littleEndian ? b.reverse() : b) this.u8(x);
    return this;
  }
  raw(data: ArrayLike<number>): this {
    for (let k = 0; k < data.length; k++) this.u8(data[k]);
    return this;
  }
  pad4(): this {
    while (this.bytes.length % 4) this.u8(0);
    return this;
  }
  get length(): number {
    return this.bytes.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export interface TcpSpec {
  src: [number, number, number, number];
  dst: [number, number, number, number];
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  win: number;
  payload: number;
}

/** An Ethernet + IPv4 + TCP frame (network byte order, as on the wire). */
export function ethernetTcpFrame(t: TcpSpec): Uint8Array {
  const w = new ByteWriter(false);
  w.raw([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]).u16(0x0800);
  w.u8(0x45).u8(0).u16(20 + 20 + t.payload).u16(1).u16(0x4000).u8(64).u8(6).u16(0);
  w.raw(t.src).raw(t.dst);
  w.u16(t.sport).u16(t.dport).u32(t.seq).u32(t.ack).u16((5 << 12) | t.flags).u16(t.win).u16(0).u16(0);
  for (let k = 0; k < t.payload; k++) w.u8(k);
  return w.done();
}

export function tcpSpec(k: number): TcpSpec {
  return {
    src: [10, 0, 0, 1],
    dst: [10, 0, 0, 2],
    sport: 40000 + k,
    dport: 80,
    seq: 1000 * k,
    ack: 7 + k,
    flags: 0x018,
    win: 500 + k,
    payload: k * 3,
  };
}

export interface PcapRecord {
  secs: number;
  frac: number;
  frame: Uint8Array;
}

export function pcapFile(littleEndian: boolean, nanos: boolean, records: PcapRecord[], linkType = 1): Uint8Array {
  const w = new ByteWriter(littleEndian);
  w.u32(nanos ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(linkType);
  for (const r of records) w.u32(r.secs).u32(r.frac).u32(r.frame.length).u32(r.frame.length).raw(r.frame);
  return w.done();
}

export interface IdbSpec {
  linkType?: number;
  snapLen?: number;
  tsresol?: number;
  tsoffset?: number;
  name?: string;
}

/** Blocks of a pcapng file, each written in the section's byte order. */
export class PcapngWriter {
  private parts: Uint8Array[] = [];
  private le = true;

  section(littleEndian: boolean): this {
    this.le = littleEndian;
    return this.block(0x0a0d0d0a, (w) => w.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff));
  }

  interface(spec: IdbSpec): this {
    return this.block(1, (w) => {
      w.u16(spec.linkType ?? 1).u16(0).u32(spec.snapLen ?? 0);
      if (spec.name !== undefined) {
        const text = new TextEncoder().encode(spec.name);
        w.u16(2).u16(text.length).raw(text).pad4();
      }
      if (spec.tsresol !== undefined) w.u16(9).u16(1).u8(spec.tsresol).pad4();
      if (spec.tsoffset !== undefined) {
        w.u16(14).u16(8);
        const low = spec.tsoffset >>> 0;
        const high = Math.floor(spec.tsoffset / 4294967296);
        if (w.littleEndian) w.u32(low).u32(high);
        else w.u32(high).u32(low);
      }
      w.u16(0).u16(0);
    });
  }

  /** ticks = the 64-bit timestamp in the interface's units. */
  enhanced(iface: number, ticks: bigint, frame: Uint8Array): this {
    return this.block(6, (w) =>
      w.u32(iface).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn)).u32(frame.length).u32(frame.length).raw(frame).pad4(),
    );
  }

  obsolete(iface: number, ticks: bigint, frame: Uint8Array): this {
    return this.block(2, (w) =>
      w.u16(iface).u16(0).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn)).u32(frame.length).u32(frame.length).raw(frame).pad4(),
    );
  }

  simple(frame: Uint8Array): this {
    return this.block(3, (w) => w.u32(frame.length).raw(frame).pad4());
  }

  /** Any other block type: readers must skip it by its length. */
  other(type: number, body: number[]): this {
    return this.block(type, (w) => w.raw(body).pad4());
  }

  private block(type: number, body: (w: ByteWriter) => void): this {
    const inner = new ByteWriter(this.le);
    body(inner);
    const total = 12 + inner.length;
    const w = new ByteWriter(this.le);
    w.u32(type).u32(total).raw(inner.done()).u32(total);
    this.parts.push(w.done());
    return this;
  }

  done(): Uint8Array {
    const size = this.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
