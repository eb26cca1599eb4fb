import { describe, expect, it } from "vitest";
import {
  checkRequest,
  guardedRequest,
  localOriginPolicy,
  originPattern,
} from "../../src/http/origin-guard.ts";

const policy = localOriginPolicy({ port: 2025, allowOrigins: ["https://smith.langchain.com/studio?x=1"] });

describe("origin and Host guard", () => {
  it("lists the loopback hosts and origins of the port, and the allowed pages' origins", () => {
    expect(policy.hosts).toEqual(["127.0.0.1:2025", "localhost:2025", "[::1]:2025"]);
    expect(policy.origins).toEqual([
      "http://127.0.0.1:2025",
      "http://localhost:2025",
      "http://[::1]:2025",
      "https://smith.langchain.com",
    ]);
    expect(localOriginPolicy({ port: 80, host: "::1" }).hosts).toEqual([
      "127.0.0.1:80",
      "localhost:80",
      "[::1]:80",
    ]);
    expect(localOriginPolicy({ port: 80, host: "10.1.2.3" }).hosts).toContain("10.1.2.3:80");
  });

  it.each([
    [{ host: "127.0.0.1:2025" }, true],
    [{ host: "LOCALHOST:2025", origin: "https://smith.langchain.com" }, true],
    [{ host: "127.0.0.1:2025", origin: "http://127.0.0.1:2025" }, true],
    [{ host: "127.0.0.1:2025", secFetchSite: "same-origin" }, true],
    [{ host: "127.0.0.1:2025", origin: "http://evil.example" }, false],
    [{ host: "127.0.0.1:2025", origin: "null" }, false],
    [{ host: "127.0.0.1:2025", origin: "https://smith.langchain.com.evil.example" }, false],
    [{ host: "evil.example:2025" }, false],
    [{ host: "127.0.0.1:2026" }, false],
    [{}, false],
    [{ host: "127.0.0.1:2025", secFetchSite: "cross-site" }, false],
  ])("%j → allowed %s", (request, allowed) => {
    expect(checkRequest(request, policy).allowed).toBe(allowed);
  });

  it("reads the three headers from any header getter, and matches exactly the allowed origins", () => {
    const headers = new Headers({ host: "127.0.0.1:2025", origin: "https://smith.langchain.com" });
    expect(guardedRequest((name) => headers.get(name))).toEqual({
      host: "127.0.0.1:2025",
      origin: "https://smith.langchain.com",
    });
    const pattern = new RegExp(originPattern(policy));
    expect(pattern.test("https://smith.langchain.com")).toBe(true);
    expect(pattern.test("https://smith.langchain.com.evil.example")).toBe(false);
    expect(pattern.test("https://smithXlangchain.com")).toBe(false);
  });
});
