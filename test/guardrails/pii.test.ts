import { describe, expect, it } from "vitest";
import {
  abaRouting,
  canadianSin,
  iban,
  luhn,
  nhsNumber,
  usSsn,
  vin,
} from "../../src/guardrails/pii/checksums.ts";
import { detectPii } from "../../src/guardrails/pii/detect.ts";
import { PII_ENTITY_TYPES } from "../../src/guardrails/pii/entity-types.ts";

const types = (text: string) => detectPii(text).map((m) => `${m.type}:${text.slice(m.start, m.end)}`);

describe("checksums", () => {
  it("accepts valid numbers and rejects near misses (one digit changed)", () => {
    expect(luhn("4111 1111 1111 1111")).toBe(true);
    expect(luhn("4111 1111 1111 1112")).toBe(false);
    expect(iban("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(iban("GB82 WEST 1234 5698 7654 33")).toBe(false);
    expect(iban("GB82WEST123456987654")).toBe(false); // wrong length for GB
    expect(abaRouting("011000015")).toBe(true);
    expect(abaRouting("011000016")).toBe(false);
    expect(nhsNumber("943 476 5919")).toBe(true);
    expect(nhsNumber("943 476 5918")).toBe(false);
    expect(canadianSin("046 454 286")).toBe(true);
    expect(canadianSin("046 454 287")).toBe(false);
    expect(vin("1M8GDM9AXKP042788")).toBe(true);
    expect(vin("1M8GDM9A1KP042788")).toBe(false);
    expect(usSsn("123-45-6789")).toBe(false);
    expect(usSsn("078-05-1120")).toBe(false);
    expect(usSsn("536-22-1234")).toBe(true);
    expect(usSsn("536-22.1234")).toBe(false);
  });
});

describe("detectPii", () => {
  it("knows all 31 Bedrock entity types", () => {
    expect(PII_ENTITY_TYPES).toHaveLength(31);
  });

  it("finds pattern entities with their checksums", () => {
    const found = types(
      "Mail jane.doe@example.com, card 4111-1111-1111-1111, IBAN GB82 WEST 1234 5698 7654 32, " +
        "SSN 536-22-1234, server 10.0.0.12 and fe80::1ff:fe23:4567:890a, key AKIAIOSFODNN7EXAMPLE, mac 00:1A:2B:3C:4D:5E.",
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "EMAIL:jane.doe@example.com",
        "CREDIT_DEBIT_CARD_NUMBER:4111-1111-1111-1111",
        "INTERNATIONAL_BANK_ACCOUNT_NUMBER:GB82 WEST 1234 5698 7654 32",
        "US_SOCIAL_SECURITY_NUMBER:536-22-1234",
        "IP_ADDRESS:10.0.0.12",
        "IP_ADDRESS:fe80::1ff:fe23:4567:890a",
        "AWS_ACCESS_KEY:AKIAIOSFODNN7EXAMPLE",
        "MAC_ADDRESS:00:1A:2B:3C:4D:5E",
      ]),
    );
  });

  it("drops checksum failures and look-alikes", () => {
    const found = types(
      "card 4111-1111-1111-1112, IBAN GB82 WEST 1234 5698 7654 33, at 11:34:35, IP 999.1.1.1",
    );
    expect(found.filter((f) => !f.startsWith("PHONE"))).toEqual([]);
  });

  it("needs a context word for context-only types", () => {
    expect(types("the total was 4821 units")).toEqual([]);
    expect(types("my PIN is 4821")).toContain("PIN:4821");
    expect(types("routing number 011000015")).toContain("US_BANK_ROUTING_NUMBER:011000015");
    expect(types("NHS number 943 476 5919")).toContain("UK_NATIONAL_HEALTH_SERVICE_NUMBER:943 476 5919");
    expect(types("SIN 046 454 286")).toContain("CA_SOCIAL_INSURANCE_NUMBER:046 454 286");
    expect(types("VIN 1M8GDM9AXKP042788")).toContain("VEHICLE_IDENTIFICATION_NUMBER:1M8GDM9AXKP042788");
  });

  it("finds phone numbers in national and international formats, not dates", () => {
    expect(types("call (978)645-9740x11144 or +41 96 471 07 95")).toEqual([
      "PHONE:(978)645-9740x11144",
      "PHONE:+41 96 471 07 95",
    ]);
    expect(types("born 1993-01-04 14:56")).toEqual([]);
  });

  it("finds names, addresses, ages, passwords heuristically", () => {
    const found = types(
      "My name is Donald van der Voet, I am 45 years old, password: hunter22. I live at 15 Millicent Drive, Suite 459.",
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "NAME:Donald van der Voet",
        "AGE:45 years",
        "PASSWORD:hunter22.",
        "ADDRESS:15 Millicent Drive, Suite 459",
      ]),
    );
  });

  it("reads names in lists, after titles and lower-case cues, and leaves places after addresses alone", () => {
    expect(types("Our founders: Kovalev, Lee and Phillips.")).toEqual([
      "NAME:Kovalev",
      "NAME:Lee",
      "NAME:Phillips",
    ]);
    expect(types("she named him joshua")).toEqual(["NAME:joshua"]);
    expect(types("Please ask Mr. Ford today")).toEqual(["NAME:Ford"]);
    expect(types("Ship it to 98 Grote Baan 477, Kaster")).toEqual(["ADDRESS:98 Grote Baan 477, Kaster"]);
    expect(types("I moved here from Austria")).toEqual([]);
  });

  it("never throws on odd Unicode", () => {
    const odd = "\ud800 lone surrogate \u200b\u202e RTL 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🤖 e\u0301 \u0000 \uffff";
    expect(() => detectPii(odd.repeat(50))).not.toThrow();
  });
});
