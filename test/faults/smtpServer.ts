/**
 * A tiny SMTP server on 127.0.0.1 for the fault suite (RFC 5321's commands, no TLS, no auth):
 * it can accept mails, drop the connection after a mail's DATA before the 250, refuse a
 * recipient, drop or hang at the greeting, or hang after DATA. `received` holds every message
 * whose DATA arrived complete (delivered or not confirmed), in order.
 */
import * as net from "node:net";

export type AfterData = "ok" | "drop" | "hang" | "reject";

export interface SmtpBehaviour {
  greeting?: "ok" | "drop" | "hang";
  /** What to do once message number `n` (1-based, over the server's life) has arrived. */
  afterData?: (n: number) => AfterData;
  /** Recipients refused at RCPT TO with 550. */
  refuse?: (address: string) => boolean;
}

export interface TestSmtpServer {
  port: number;
  received: { to: string[]; data: string }[];
  /** Sockets still open (a client that exits closes its own). */
  open(): number;
  behaviour: SmtpBehaviour;
  close(): Promise<void>;
}

export async function startSmtpServer(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const sockets = new Set<net.Socket>();
  const received: { to: string[]; data: string }[] = [];
  const state: TestSmtpServer = {
    port: 0,
    received,
    open: () => sockets.size,
    behaviour,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const b = state.behaviour;
    if (b.greeting === "drop") return void socket.destroy();
    if (b.greeting === "hang") return;
    socket.write("220 test.local ESMTP\r\n");
    let buffer = "";
    let inData = false;
    let to: string[] = [];
    let data = "";
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push({ to, data });
          const what = state.behaviour.afterData?.(received.length) ?? "ok";
          if (what === "drop") return void socket.destroy();
          if (what === "hang") return;
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
