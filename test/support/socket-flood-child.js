// @ts-check
/*
 * A socket flood in a process of its own (so the attack does not share the
 * test's event loop with the app it measures). Driven over IPC by
 * socket-flood.ts: `open` connects `count` sockets to `url` (with `auth`
 * when given), `flood` makes each emit `event` with `payload` every
 * `intervalMs`, `stop` reports what came back and exits.
 */
const { io } = require('socket.io-client');

const sockets = [];
const timers = [];
const stats = { gets: 0, getStatuses: {}, firstAcksMs: 0, acks: 0, ackErrors: {}, ackBytes: 0, snapshots: [], errors: {}, refused: {}, disconnected: 0 };

function connect(options, index) {
  return new Promise((resolve) => {
    const socket = io(options.url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(options.auth ? { auth: options.auth } : {}) });
    stats.snapshots[index] = 0;
    socket.on('book', (m) => {
      if (m && m.type === 'snapshot') stats.snapshots[index] += 1;
    });
    socket.on('error', (e) => (stats.errors[e.code] = (stats.errors[e.code] || 0) + 1));
    socket.on('disconnect', () => (stats.disconnected += 1));
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      const code = (e && e.data && e.data.code) || e.message;
      stats.refused[code] = (stats.refused[code] || 0) + 1;
      socket.close();
      resolve(undefined);
    });
  });
}

process.on('message', async (message) => {
  if (message.cmd === 'open') {
    for (let i = 0; i < message.count; i += 20) {
      const batch = await Promise.all(Array.from({ length: Math.min(20, message.count - i) }, (_, j) => connect(message, i + j)));
      for (const socket of batch) if (socket) sockets.push(socket);
    }
    process.send({ type: 'opened', connected: sockets.length, refused: stats.refused });
  } else if (message.cmd === 'flood') {
    const start = Date.now();
    let first = 0;
    sockets.forEach((socket, i) => {
      let acked = false;
      timers.push(
        setTimeout(() => {
          timers.push(
            setInterval(() => {
              socket.emit(message.event, message.payload, (ack) => {
                stats.acks += 1;
                if (!acked) {
                  acked = true;
                  first += 1;
                  if (first === sockets.length) stats.firstAcksMs = Date.now() - start;
                }
                const code = ack && ack.error && ack.error.code;
                if (code) stats.ackErrors[code] = (stats.ackErrors[code] || 0) + 1;
                stats.ackBytes += JSON.stringify(ack).length;
              });
            }, message.intervalMs),
          );
        }, i % message.intervalMs),
      );
    });
    process.send({ type: 'flooding' });
  } else if (message.cmd === 'get') {
    // `perSecond` GETs of `url`, each on its own (an HTTP flood beside the sockets).
    timers.push(
      setInterval(() => {
        fetch(message.url)
          .then(async (r) => {
            await r.arrayBuffer();
            stats.gets += 1;
            stats.getStatuses[r.status] = (stats.getStatuses[r.status] || 0) + 1;
          })
          .catch(() => (stats.getStatuses.failed = (stats.getStatuses.failed || 0) + 1));
      }, 1000 / message.perSecond),
    );
    process.send({ type: 'getting' });
  } else if (message.cmd === 'stop') {
    for (const timer of timers) clearInterval(timer);
    process.send({ type: 'stats', stats: { ...stats, snapshots: stats.snapshots.filter((_, i) => i < sockets.length) } }, () => {
      for (const socket of sockets) socket.close();
      process.exit(0);
    });
  }
});
