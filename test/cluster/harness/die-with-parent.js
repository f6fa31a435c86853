// Preloaded (`node -r`) into every node the cluster harness spawns. Jest runs test files in a sandbox
// whose `process` is a copy, so an 'exit' handler there never fires on the worker's real exit; instead
// each child watches its own parent and exits when it is re-parented (the test process died or was
// killed), so no node outlives the run even when afterAll never runs.
const parent = Number(process.env.CLUSTER_PARENT_PID);
if (parent > 0) {
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
  }, 500).unref();
}
