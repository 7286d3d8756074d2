/** The simulated board (DESIGN.md §3): one simulated line and handset, the default where no hardware is found. */
import type { BoardSpec } from "../types.js";

export const simBoard: BoardSpec = {
  name: "sim",
  description: "simulated line and handset, controlled over HTTP (/api/sim/lines/:n)",
  lines: [{ driver: "sim" }],
};
