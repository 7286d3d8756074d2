/**
 * The peers of the phone tests that talk to baresip: Kamailio (record-routing), baresip
 * registered as FAR_PHONE saying 1 kHz (farToneWav), and the built agent on the simulated
 * board with line 0 as OUR_ACCOUNT and the dial plan (xxxx).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBaresip, startKamailio, stopAllPeers, type BaresipHandle } from "../peers/index.js";
import { farToneWav, FAR_PHONE, OUR_ACCOUNT } from "./media-call.js";
import { startSimPhoneAgent, type SimPhoneAgent } from "./sim-phone-agent.js";

export interface BaresipPhone {
  baresip: BaresipHandle;
  agent: SimPhoneAgent;
  registrarPort: number;
  stop(): Promise<void>;
}

export async function startBaresipPhone(): Promise<BaresipPhone> {
  const dir = mkdtempSync(join(tmpdir(), "dialtone-baresip-phone-"));
  const kamailio = await startKamailio({ users: [OUR_ACCOUNT, FAR_PHONE], recordRoute: true });
  const baresip = await startBaresip({ ...FAR_PHONE, registrar: { port: kamailio.udpPort }, audioSourcePath: await farToneWav(dir), srtp: "off" });
  const agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: OUR_ACCOUNT, dialPlan: "(xxxx)" });
  return {
    baresip, agent, registrarPort: kamailio.udpPort,
    stop: async () => {
      agent.stop();
      await stopAllPeers();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
