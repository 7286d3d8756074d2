/**
 * The simulated boards (DESIGN.md §3): `sim`, one simulated line and handset, the default where
 * no hardware is found; `sim2`, two of them, the shape of a two-port ATA such as a Grandstream
 * HT802, so two ports can call each other and share or split accounts with no hardware.
 */
import type { BoardSpec } from "../types.js";

export const simBoard: BoardSpec = {
  name: "sim",
  description: "simulated line and handset, controlled over HTTP (/api/sim/lines/:n)",
  lines: [{ driver: "sim" }],
};

export const sim2Board: BoardSpec = {
  name: "sim2",
  description: "two simulated lines, each with its own handset, controlled over HTTP (/api/sim/lines/0 and /1)",
  lines: [{ driver: "sim" }, { driver: "sim" }],
};
