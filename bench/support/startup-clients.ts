/**
 * The two SIP clients the start-up benchmark times, each set up the same way: one UDP
 * account, registering for 60 s at a registrar on 127.0.0.1, no keep-alive, no audio.
 * `prepare` writes the client's configuration into a directory of its own and says how to
 * start it; the benchmark owns the process from there.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Launch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface StartupClient {
  name: string;
  user: string;
  password: string;
  /** What to install when the command is missing. */
  install: string;
  /** Writes the configuration into `dir` (created if absent) for a registrar at 127.0.0.1:`registrarPort`. */
  prepare(dir: string, registrarPort: number): Launch;
  /** A line the client prints on stdout once registered; its arrival is timed too. */
  registeredLine: RegExp;
}

export function dialtoneClient(user: string, password: string): StartupClient {
  return {
    name: "dialtone",
    user,
    password,
    install: "npm run build",
    registeredLine: /line0 registration registered/,
    prepare(dir, registrarPort) {
      mkdirSync(dir, { recursive: true });
      const configPath = join(dir, "dialtone.json");
      const config = {
        web: { port: 0, bind: "127.0.0.1" },
        sip: { localPort: 0, bindAddress: "127.0.0.1" },
        lines: [{
          enabled: true,
          account: { registrar: `127.0.0.1:${registrarPort}`, user, password, transport: "udp", keepAlive: "off", registerExpires: 60 },
        }],
      };
      // 0600 as dialtone leaves it after its first start (it tightens a readable file and says so).
      writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
      return {
        command: process.execPath,
        args: ["dist/dialtone.js", "--config", configPath],
        env: process.env,
      };
    },
  };
}

/**
 * baresip with only the `account` module (it reads the accounts file): SIP registration is
 * in the core, so no audio, console or other module is loaded. Registered, it prints
 * "USER@HOST: {0/UDP/v4} 200 OK (...) [1 binding]", unbuffered even to a pipe.
 */
export function baresipClient(user: string, password: string): StartupClient {
  return {
    name: "baresip",
    user,
    password,
    install: "sudo apt-get install baresip-core",
    registeredLine: new RegExp(`^${user}@\\S+: \\{[^}]*\\} 2\\d\\d `, "m"),
    prepare(dir, registrarPort) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "config"), [
        "poll_method\tepoll",
        "sip_listen\t127.0.0.1:0",
        "module_path\t/usr/lib/baresip/modules",
        "module_app\taccount.so",
        "",
      ].join("\n"));
      writeFileSync(join(dir, "accounts"), `<sip:${user}@127.0.0.1:${registrarPort}>;auth_pass=${password};regint=60\n`);
      return { command: "baresip", args: ["-f", dir], env: { ...process.env } };
    },
  };
}
