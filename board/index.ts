/**
 * The boards this build knows, by the name used in the configuration's "board" and on the
 * command line (`--board`). Boards are data (board/types.ts); board/open.ts opens them.
 */
import { err, ok, type Result } from "../src/util/result.js";
import { ag1171Pi } from "./ag1171-pi.js";
import { serialFxs } from "./serial-fxs.js";
import { sim2Board, simBoard } from "./sim/sim-board.js";
import type { BoardSpec } from "./types.js";

export const boards: Readonly<Record<string, BoardSpec>> = {
  [simBoard.name]: simBoard,
  [sim2Board.name]: sim2Board,
  [ag1171Pi.name]: ag1171Pi,
  [serialFxs.name]: serialFxs,
};

export function findBoard(name: string): Result<BoardSpec, string> {
  if (Object.hasOwn(boards, name)) return ok(boards[name]!);
  return err(`unknown board ${JSON.stringify(name)}: this build knows ${Object.keys(boards).sort().join(", ")}`);
}

export type { BoardSpec } from "./types.js";
export { openBoard, type BoardDeps, type LineFactory, type OpenedPort, type RunningBoard } from "./open.js";
export { detectBoard, nodeDetectFs, type DetectFs, type Detection } from "./detect.js";
export { sim2Board, simBoard } from "./sim/sim-board.js";
