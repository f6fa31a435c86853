'use strict';
/*
 * Loaded with `node --require` into a node under benchmark when BENCH_CPU_PROF is set. Profiles the
 * process from start-up; when the benchmark sends { cutProfile: file } over the IPC channel it writes
 * the profile so far to that file, starts a new one and answers { profileWritten: file }, so the
 * benchmark gets one profile per phase. (`node --cpu-prof` only writes at a clean exit, which Nest's
 * signal handling does not give, and Nest's shutdown hooks claim SIGUSR2.)
 */
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  const start = () => post('Profiler.start');
  void post('Profiler.enable')
    .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
    .then(start);

  let busy = Promise.resolve();
  process.on('message', (msg) => {
    if (!msg || typeof msg.cutProfile !== 'string') return;
    const file = path.resolve(dir, path.basename(msg.cutProfile));
    busy = busy.then(async () => {
      const { profile } = await post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      await start();
      process.send?.({ profileWritten: file });
    });
  });
  // The IPC channel must not keep the node alive, nor change how it shuts down.
  process.channel?.unref();
}
