// Preloaded (node --import) into a server the benchmarks start with an IPC channel: answers the
// bench's "memory" message with process.memoryUsage(). Nothing else; no HTTP route. Without an IPC
// channel (npm start) it does nothing.
if (process.send) {
  process.on('message', (m) => {
    if (m === 'memory') process.send({ type: 'memory', memory: process.memoryUsage() });
  });
  // the channel must not keep a stopping server alive
  process.channel?.unref();
}
