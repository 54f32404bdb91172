import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSmtpTransport } from "@/lib/channels/mail/mail-transport";

/**
 * A loopback SMTP server that accepts every message, enough of RFC 5321
 * for nodemailer: greeting, EHLO, MAIL, RCPT, DATA and QUIT.
 */
type Captured = { from: string; to: string[]; data: string };
const captured: Captured[] = [];
let server: Server;
let port: number;

function serve(socket: Socket) {
  let buffer = "";
  let inData = false;
  let current: Captured = { from: "", to: [], data: "" };
  socket.write("220 localhost test SMTP\r\n");
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let end: number;
    while ((end = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === ".") {
          inData = false;
          captured.push(current);
          current = { from: "", to: [], data: "" };
          socket.write("250 OK queued\r\n");
        } else {
          current.data += `${line}\n`;
        }
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === "EHLO" || verb === "HELO") socket.write("250 localhost\r\n");
      else if (verb === "MAIL") {
        current.from = line;
        socket.write("250 OK\r\n");
      } else if (verb === "RCPT") {
        current.to.push(line);
        socket.write("250 OK\r\n");
      } else if (verb === "DATA") {
        inData = true;
        socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
      } else if (verb === "QUIT") {
        socket.end("221 Bye\r\n");
      } else socket.write("250 OK\r\n");
    }
  });
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("SMTP transport", () => {
  it("delivers through SMTP_URL", async () => {
    const transport = createSmtpTransport(
      `smtp://127.0.0.1:${port}`,
      "Relay <relay@example.test>",
    );

    const receipt = await transport.send(
      {
        to: "dana@example.test",
        subject: "Support Engineer: a few questions",
        text: "Open the form: http://localhost:3000/form/abc",
      },
      null as never,
    );

    expect(receipt.transport).toBe("smtp");
    expect(captured).toHaveLength(1);
    expect(captured[0]!.from).toContain("relay@example.test");
    expect(captured[0]!.to[0]).toContain("dana@example.test");
    expect(captured[0]!.data).toContain(
      "Subject: Support Engineer: a few questions",
    );
    expect(captured[0]!.data).toContain("/form/abc");
  });
});
