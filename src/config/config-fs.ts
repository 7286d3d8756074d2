/**
 * The file operations the config store needs, as an interface so tests can inject
 * failures (a write that dies half-way, a rename that fails) without patching `fs`.
 * Every method rejects with a Node errno error (`code` set, e.g. ENOENT, EACCES).
 */
import { chmod, mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";

export interface ConfigFs {
  /** Rejects with code ENOENT when the file does not exist. */
  readFile(path: string): Promise<string>;
  /** Permission bits of the file (mode & 0o777). */
  mode(path: string): Promise<number>;
  chmod(path: string, mode: number): Promise<void>;
  /** Creates the directory and its parents; succeeds if it exists. */
  mkdirs(path: string, mode: number): Promise<void>;
  /** Creates `path` (which must not exist) with `mode`, writes `data`, and flushes it to disk before resolving. */
  writeNewFile(path: string, data: string, mode: number): Promise<void>;
  /** Atomically replaces `to` with `from` (same directory). */
  rename(from: string, to: string): Promise<void>;
  /** Flushes the directory entry, so a rename survives a power cut. */
  syncDirectory(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeConfigFs: ConfigFs = {
  readFile: (path) => readFile(path, "utf8"),
  mode: async (path) => (await stat(path)).mode & 0o777,
  chmod: (path, mode) => chmod(path, mode),
  mkdirs: async (path, mode) => {
    await mkdir(path, { recursive: true, mode });
  },
  writeNewFile: async (path, data, mode) => {
    const file = await open(path, "wx", mode);
    try {
      await file.chmod(mode); // the umask may have cleared bits we asked for
      await file.writeFile(data, "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
  },
  rename: (from, to) => rename(from, to),
  syncDirectory: async (path) => {
    const directory = await open(path, "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  },
  unlink: (path) => unlink(path),
};
