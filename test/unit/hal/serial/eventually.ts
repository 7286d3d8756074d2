/** Waits on the real clock for a real peer (a tty, socat, a person): probes every 5 ms until `holds()`, or fails naming `what`. */
export async function eventually(holds: () => boolean, what: string, deadlineMs = 5000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!holds()) {
    if (Date.now() > end) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
