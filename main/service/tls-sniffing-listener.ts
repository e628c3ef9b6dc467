// One port, two protocols: with LAN access on, the NVR speaks HTTPS (its own certificate, lan-certificate.ts) to the
// shop's network and plain HTTP to the PC itself, on the same port, so the PC keeps its http://127.0.0.1:7480 address
// while phones use https://<pc>:7480. The first byte of a connection tells them apart: a TLS handshake starts with
// 0x16 (a "handshake" record). Plain HTTP from another device is answered by the HTTP server, which sends it to
// HTTPS (http-server.ts); it never gets the API.
import net from 'node:net';
import type http from 'node:http';
import type https from 'node:https';

const TLS_HANDSHAKE = 0x16;
/** A connection that says nothing for this long is closed (slowloris before the first byte). */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

export function tlsSniffingListener(plain: http.Server, secure: https.Server): net.Server {
  return net.createServer({ pauseOnConnect: true }, (socket) => {
    const silent = () => socket.destroy();
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, silent);
    socket.on('error', () => socket.destroy());
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) {
        socket.destroy();
        return;
      }
      socket.setTimeout(0);
      socket.off('timeout', silent); // the chosen server sets its own timeouts
      socket.unshift(first);
      // The chosen server installs its own timeouts and error handling; the byte read is back in the socket.
      (first[0] === TLS_HANDSHAKE ? secure : plain).emit('connection', socket);
      socket.resume();
    });
  });
}
