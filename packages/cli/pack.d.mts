// Types of pack.mjs (plain JavaScript, like bundle.mjs).
export declare const PACK_DIR: string
export interface PackedTarball {
  name: string
  file: string
  /** Bytes of the tarball. */
  size: number
  unpackedSize: number
}
export declare function setVersion(version: string): Promise<void>
export declare function packAll(outdir?: string): Promise<PackedTarball[]>
