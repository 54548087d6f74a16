/**
 * A tiny SMTP server on 127.0.0.1 for the fault suite (RFC 5321's commands, no TLS, no auth):
 * it can accept mails, drop the connection after a mail's DATA before the 250, refuse a
 * recipient, drop or hang at the greeting, hang after DATA, or never answer QUIT. `received`
 * holds every message whose DATA arrived complete (delivered or not confirmed), in order.
 *
 * A hang is a stuck server's: it answers nothing more and never closes its side, not even when
 * the client closes its own (the socket is half-open; a server that closed on the client's FIN
 * would let a client that only half-closes look as if it had closed). `blackholePort` gives a
 * port whose TCP connect never completes.
 */
import * as net from "node:net";
import { Worker } from "node:worker_threads";

export type AfterData = "ok" | "drop" | "hang" | "reject";

export interface SmtpBehaviour {
  greeting?: "ok" | "drop" | "hang";
  /** What to do once message number `n` (1-based, over the server's life) has arrived. */
  afterData?: (n: number) => AfterData;
  /** Recipients refused at RCPT TO with 550. */
  refuse?: (address: string) => boolean;
  /** "hang": QUIT is never answered (and the connection never closed by the server). */
  quit?: "ok" | "hang";
}

export interface TestSmtpServer {
  port: number;
  received: { to: string[]; data: string }[];
  /**
   * Connections the client has not closed (a client that exits closes its own). A hung server
   * keeps its side of a connection open after the client's FIN, so that half is not counted.
   */
  open(): number;
  behaviour: SmtpBehaviour;
  close(): Promise<void>;
}

export async function startSmtpServer(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const sockets = new Set<net.Socket>();
  /** Sockets whose client sent its FIN: only a hung server's half is still open. */
  const closedByClient = new Set<net.Socket>();
  const received: { to: string[]; data: string }[] = [];
  const state: TestSmtpServer = {
    port: 0,
    received,
    open: () => sockets.size - closedByClient.size,
    behaviour,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      closedByClient.delete(socket);
    });
    socket.on("error", () => {});
    // The client closed its side: a working server closes too, a hung one does nothing.
    let hung = false;
    socket.on("end", () => {
      closedByClient.add(socket);
      if (!hung) socket.end();
    });
    const b = state.behaviour;
    if (b.greeting === "drop") return void socket.destroy();
    if (b.greeting === "hang") return void (hung = true);
    socket.write("220 test.local ESMTP\r\n");
    let buffer = "";
    let inData = false;
    let to: string[] = [];
    let data = "";
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (hung) return;
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push({ to, data });
          const what = state.behaviour.afterData?.(received.length) ?? "ok";
          if (what === "drop") return void socket.destroy();
          if (what === "hang") return void (hung = true);
          if (what === "reject") socket.write("554 5.7.1 message rejected\r\n");
          else socket.write("250 2.0.0 queued\r\n");
          to = [];
          data = "";
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 test.local\r\n");
        else if (verb === "MAIL") socket.write("250 2.1.0 ok\r\n");
        else if (verb === "RCPT") {
          const address = /<([^>]*)>/.exec(line)?.[1] ?? "";
          if (state.behaviour.refuse?.(address)) socket.write("550 5.1.1 no such user\r\n");
          else {
            to.push(address);
            socket.write("250 2.1.5 ok\r\n");
          }
        } else if (verb === "DATA") {
          inData = true;
          data = "";
          socket.write("354 go ahead\r\n");
        } else if (verb === "RSET") {
          to = [];
          socket.write("250 2.0.0 ok\r\n");
        } else if (verb === "QUIT") {
          if (state.behaviour.quit === "hang") return void (hung = true);
          socket.end("221 2.0.0 bye\r\n");
        } else if (verb === "NOOP") socket.write("250 ok\r\n");
        else socket.write("502 5.5.2 not implemented\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

/**
 * A port on 127.0.0.1 where a TCP connect never completes, as with a server behind a firewall
 * that drops packets: a listening socket whose process never accepts (its event loop blocked in
 * a worker thread), with the kernel's accept queue filled, so the kernel drops further SYNs.
 * The queue is filled by connecting until a connect is still pending after a while (a late one
 * is kept as a filler too); `close` ends the fillers and the listener.
 */
export async function blackholePort(): Promise<{ port: number; close: () => Promise<void> }> {
  const worker = new Worker(
    `const net = require("node:net");
     const { parentPort } = require("node:worker_threads");
     const server = net.createServer();
     server.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
       parentPort.postMessage(server.address().port);
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
     });`,
    { eval: true },
  );
  const port = await new Promise<number>((resolve) => worker.once("message", resolve));
  const fillers: net.Socket[] = [];
  const close = async () => {
    for (const f of fillers) f.destroy();
    await worker.terminate();
  };
  for (let i = 0; i < 20; i++) {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => {});
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1500);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) return { port, close };
  }
  await close();
  throw new Error("blackholePort: every connect completed; the accept queue never filled");
}
