/** Entry point: placeholder until the agent is wired (see README). */
process.stdout.write("dialtone: agent not wired yet\n");
