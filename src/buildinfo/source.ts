// Random access to the bytes of a file, so the reader fetches only the headers and the blob.
import { promises as fsp } from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end of the file, none past it). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Largest single read the reader ever asks for: header tables and search chunks stay below it. */
export const MAX_READ = 16 << 20;

export function bufferSource(buf: Uint8Array): ByteSource {
  return {
    size: buf.length,
    read: async (offset, length) => {
      if (offset < 0 || offset >= buf.length || length <= 0) return new Uint8Array(0);
      return buf.subarray(offset, Math.min(buf.length, offset + length));
    },
  };
}

export function handleSource(fh: fsp.FileHandle, size: number): ByteSource {
  return {
    size,
    read: async (offset, length) => {
      if (offset < 0 || offset >= size || length <= 0) return new Uint8Array(0);
      const n = Math.min(length, size - offset, MAX_READ);
      const out = Buffer.allocUnsafe(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(out, got, n - got, offset + got);
        if (bytesRead === 0) break; // the file shrank under us
        got += bytesRead;
      }
      return out.subarray(0, got);
    },
  };
}
