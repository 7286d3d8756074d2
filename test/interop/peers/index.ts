/** Real peers for interop tests: Kamailio, SIPp, test certificates, loopback ports. */
export { hasProgram, requireProgram, type PeerProgram } from "./binaries.js";
export { makeTestCerts, type CertOptions, type TestCerts } from "./certs.js";
export { startKamailio, parseBindings, type Binding, type KamailioHandle, type KamailioOptions, type KamailioUser, type TrustedPeer } from "./kamailio.js";
export { stopAllPeers } from "./peer-process.js";
export { freePort, freePorts, LOOPBACK, waitForBound, waitForTcp, type WaitOptions } from "./ports.js";
export { optionsProbe, sendSipUdp, sipToken, statusOf, waitForSipUdp, type Endpoint, type SipUdpRequest } from "./sip-udp.js";
export { SCENARIOS_DIR, startSipp, type SippBuiltin, type SippHandle, type SippOptions, type SippResult, type SippTransport } from "./sipp.js";
export { parseSippMessages, parseSippStats, sippMessagesStarting, type SippMessage, type SippStats } from "./sipp-log.js";
export { requireBaresip, startBaresip, type BaresipEvent, type BaresipHandle, type BaresipOptions, type CallRecording, type ReceivedDigit } from "./baresip.js";
