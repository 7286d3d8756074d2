/**
 * Entry point (DESIGN.md §4 command line, contract):
 *   node dist/dialtone.js [--config PATH] [--board NAME] [--http-port N]
 * Logs one line per event to stdout; exits non-zero with a clear message on an
 * unusable configuration; on SIGTERM/SIGINT un-registers and ends calls first.
 */
import { dirname } from "node:path";
import { Agent } from "./agent/agent.js";
import { ConfigStore, applyFeatureChange, applyOverrides, defaultConfigPath, parseCommandLine, readDeviceModel, USAGE, type FeatureChange } from "./config/index.js";
import { RealClock } from "./util/clock.js";
import { Logs, streamSink } from "./util/log.js";

async function main(): Promise<number> {
  const cli = parseCommandLine(process.argv.slice(2));
  if (!cli.ok) {
    process.stderr.write(`dialtone: ${cli.error}\n`);
    return 2;
  }
  if (cli.value.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const logs = new Logs(streamSink(process.stdout), "info");
  const log = logs.get("main");
  const path = cli.value.configPath ?? defaultConfigPath(await readDeviceModel());
  const store = await ConfigStore.open(path, { logs, env: process.env });
  if (!store.ok) {
    process.stderr.write(`dialtone: unusable configuration ${store.error.file}: ${store.error.message}\n`);
    return 1;
  }
  const config = applyOverrides(store.value.current, cli.value);
  logs.setLevel(config.log.level);
  log.info(`dialtone starting with ${path} (board ${config.board})`);

  const saveFeatures = async (lineIndex: number, change: FeatureChange): Promise<void> => {
    const saved = await store.value.update((current) => applyFeatureChange(current, lineIndex, change));
    if (!saved.ok) throw new Error(saved.error.map((issue) => `${issue.path}: ${issue.message}`).join("; "));
  };
  const agent = new Agent({ clock: new RealClock(), logs, stateDir: dirname(path), saveFeatures });
  const started = await agent.start(config);
  if (!started.ok) {
    process.stderr.write(`dialtone: ${started.error}\n`);
    await agent.shutdown();
    return 1;
  }
  store.value.onChange((_previous, next) => {
    logs.setLevel(next.log.level);
    void agent.apply(applyOverrides(next, cli.value)).then((r) => {
      if (!r.ok) log.error(`configuration applied but SIP did not restart: ${r.error}`);
    });
  });

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string): void => {
      log.info(`${signal}: un-registering and ending calls`);
      resolve();
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
  });
  await agent.shutdown();
  log.info("stopped");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dialtone: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(70);
  },
);
