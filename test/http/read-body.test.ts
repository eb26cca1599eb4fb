import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { type RequestStream, readBody } from "../../src/http/read-body.ts";

const request = (headers: Record<string, string> = {}) =>
  Object.assign(new PassThrough(), { headers }) as unknown as RequestStream & PassThrough;
const tooLarge = () => new Error("too large");

describe("readBody", () => {
  it("reads the whole body", async () => {
    const req = request();
    const body = readBody(req, { limit: 10, tooLarge });
    req.write("hello ");
    req.end("world");
    await expect(body).rejects.toThrow("too large");
    const small = request();
    const read = readBody(small, { limit: 11, tooLarge });
    small.write("hello ");
    small.end("world");
    expect((await read).toString()).toBe("hello world");
  });

  it("refuses at once from content-length, and drains the rest so the refusal can be answered", async () => {
    const req = request({ "content-length": "1000" });
    await expect(readBody(req, { limit: 10, tooLarge })).rejects.toThrow("too large");
    req.end(Buffer.alloc(1000));
    await new Promise((resolve) => req.once("end", resolve));
  });

  it("refuses as soon as a body without content-length passes the limit, keeping none of the rest", async () => {
    const req = request();
    const body = readBody(req, { limit: 4, tooLarge });
    req.write("abc");
    req.write("def");
    await expect(body).rejects.toThrow("too large");
    req.end("more");
    await new Promise((resolve) => req.once("end", resolve));
  });

  it("gives up on a body that does not arrive in time, with the caller's error", async () => {
    const req = request();
    req.write("partial");
    await expect(
      readBody(req, { limit: 100, tooLarge, timeoutMs: 20, timedOut: () => new Error("slow body") }),
    ).rejects.toThrow("slow body");
    req.destroy();
  });
});
