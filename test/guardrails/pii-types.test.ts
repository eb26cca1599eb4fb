import { describe, expect, it } from "vitest";
import { detectPii } from "../../src/guardrails/pii/detect.ts";
import { PII_ENTITY_TYPES, type PiiEntityType } from "../../src/guardrails/pii/entity-types.ts";

const found = (text: string) => detectPii(text).map((m) => `${m.type}:${text.slice(m.start, m.end)}`);
const typesIn = (text: string) => detectPii(text).map((m) => m.type);

/**
 * Per Bedrock type: sentences with the value (expected as `TYPE:value`), and near misses of the same
 * shape that must not be reported as that type (failing checksums, missing context, other meanings).
 */
const CASES: Record<PiiEntityType, { positives: Array<[string, string]>; nearMisses: string[] }> = {
  ADDRESS: {
    positives: [
      ["Ship it to 4417 Larch Avenue, Duluth, MN 55802.", "4417 Larch Avenue, Duluth, MN 55802"],
      [
        "Send to:\nElif Brennan\n3363 Millbrook Ave\nApt 6\nBoise, ID 17087",
        "3363 Millbrook Ave\nApt 6\nBoise, ID 17087",
      ],
      ["Lieferadresse: Hauptstraße 12, 10115 Berlin", "Hauptstraße 12, 10115 Berlin"],
      ["My zip code is 94107, is delivery available?", "94107"],
    ],
    nearMisses: [
      "Turn left onto Maple Street, then follow the signs.",
      "The Sycamore Rd Bakery sells rye bread.",
      "In 2024 the team grew.",
    ],
  },
  AGE: {
    positives: [
      ["I am 45 years old.", "45 years"],
      ["My mother turned 53 in June.", "53"],
      ["A 61-year-old cyclist was hurt.", "61-year"],
      ["The applicant, aged 37, qualifies.", "37"],
    ],
    nearMisses: ["We sold 53 units in June.", "The road turned 53 degrees to the left."],
  },
  DRIVER_ID: {
    positives: [
      ["Driver's license D1234567, state of issue Texas.", "D1234567"],
      ["Driver's license T186-326-12-014-2 (Florida).", "T186-326-12-014-2"],
    ],
    nearMisses: ["Order D1234567 shipped."],
  },
  EMAIL: {
    positives: [["Mail olga.p@example.org today.", "olga.p@example.org"]],
    nearMisses: ["The email field is required."],
  },
  LICENSE_PLATE: {
    positives: [["License plate 7ABC123, parked in lot B.", "7ABC123"]],
    nearMisses: ["Model 7ABC123 is discontinued."],
  },
  NAME: {
    positives: [
      ["I'm Laura Palmer and I need help.", "Laura Palmer"],
      ["Dear Olga Petrova,\nYour order shipped.", "Olga Petrova"],
      ["Hello Mikko Virtanen, thanks for writing.", "Mikko Virtanen"],
      ["Thanks again,\nHenrik", "Henrik"],
      ['{"first_name": "Amara", "email": "a@example.com"}', "Amara"],
    ],
    nearMisses: [
      "Northwind Traders and Bluepeak Analytics announced a merger.",
      "Cameroon was super fun to visit.",
      "The Quarterly Review covers the Pixel Pro launch.",
    ],
  },
  PASSWORD: {
    positives: [["username: jdoe88\npassword: Tr0ub4dor&3", "Tr0ub4dor&3"]],
    nearMisses: ["Reset your password in settings."],
  },
  PHONE: {
    positives: [
      ["Call me back on (415) 555-0132.", "(415) 555-0132"],
      ["Reach the Berlin office on +49 30 9018200.", "+49 30 9018200"],
    ],
    nearMisses: [
      "Routing number 011000015 is listed.",
      "NHS number 943 476 5919 was added.",
      "ISBN 978-3-16-148410-0",
    ],
  },
  USERNAME: {
    positives: [
      ["[INFO] login ok user=sofia-m ip=10.0.0.7", "sofia-m"],
      ["Reset the password for user amara_o today.", "amara_o"],
    ],
    nearMisses: ["The user experience improved.", "User: Kent Mailly asked a question."],
  },
  VEHICLE_IDENTIFICATION_NUMBER: {
    positives: [["VIN 1M8GDM9AXKP042788 is registered.", "1M8GDM9AXKP042788"]],
    nearMisses: ["Part number 1M8GDM9A1KP042788 is in stock."],
  },
  CREDIT_DEBIT_CARD_CVV: {
    positives: [["Card 4111 1111 1111 1111, CVV 123.", "123"]],
    nearMisses: ["Room 123 is free."],
  },
  CREDIT_DEBIT_CARD_EXPIRY: {
    positives: [["The card expires 04/27.", "04/27"]],
    nearMisses: ["Meet on 04/27 at noon.", "The licence expires 2027-04-16."],
  },
  CREDIT_DEBIT_CARD_NUMBER: {
    positives: [["Charge my card 4111-1111-1111-1111 please.", "4111-1111-1111-1111"]],
    nearMisses: [
      "Reference 4111-1111-1111-1112 failed.",
      "Driver's license Y465718347607 expired.",
      "Is DE89 3704 0044 0532 0130 01 a valid account?",
    ],
  },
  PIN: { positives: [["My PIN is 4821.", "4821"]], nearMisses: ["The total was 4821 units."] },
  INTERNATIONAL_BANK_ACCOUNT_NUMBER: {
    positives: [["IBAN GB82 WEST 1234 5698 7654 32, please.", "GB82 WEST 1234 5698 7654 32"]],
    nearMisses: ["IBAN GB82 WEST 1234 5698 7654 33 bounced."],
  },
  SWIFT_CODE: {
    positives: [["BIC DEUTDEFF for the transfer.", "DEUTDEFF"]],
    nearMisses: ["DEUTSCHLAND is the country."],
  },
  IP_ADDRESS: {
    positives: [
      ["Server 10.0.0.12 refused it.", "10.0.0.12"],
      ["From fe80::1ff:fe23:4567:890a too.", "fe80::1ff:fe23:4567:890a"],
    ],
    nearMisses: ["Version 999.1.1.1 and time 11:34:35."],
  },
  MAC_ADDRESS: {
    positives: [["Device 00:1A:2B:3C:4D:5E was blocked.", "00:1A:2B:3C:4D:5E"]],
    nearMisses: ["Ratio 00:1A was odd."],
  },
  URL: {
    positives: [["See https://docs.example.com/releases for notes.", "https://docs.example.com/releases"]],
    nearMisses: ["e.g. this"],
  },
  AWS_ACCESS_KEY: {
    positives: [["Key AKIAIOSFODNN7EXAMPLE leaked.", "AKIAIOSFODNN7EXAMPLE"]],
    nearMisses: ["The AKIA prefix marks a key id."],
  },
  AWS_SECRET_KEY: {
    positives: [
      [
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      ],
      [
        "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      ],
    ],
    nearMisses: ["commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904 merged"],
  },
  US_BANK_ACCOUNT_NUMBER: {
    positives: [["Routing 011000015, account number 4401239876.", "4401239876"]],
    nearMisses: ["Ticket 4401239876 closed."],
  },
  US_BANK_ROUTING_NUMBER: {
    positives: [["ABA routing number 011000015.", "011000015"]],
    nearMisses: ["routing 011000016 is not valid"],
  },
  US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: {
    positives: [["ITIN: 912-70-1234", "912-70-1234"]],
    nearMisses: ["Call 912 701 2345 later? No: order 912701234."],
  },
  US_PASSPORT_NUMBER: {
    positives: [["Passport number 530123456, issued 2019.", "530123456"]],
    nearMisses: ["Invoice 530123456 is due."],
  },
  US_SOCIAL_SECURITY_NUMBER: {
    positives: [["My SSN is 536-22-1234.", "536-22-1234"]],
    nearMisses: ["Placeholder 000-12-3456 and 123-45-6789."],
  },
  CA_HEALTH_NUMBER: {
    positives: [["Ontario health card number 1234-567-897-AB.", "1234-567-897-AB"]],
    nearMisses: ["Serial 1234-567-897-AB on the box."],
  },
  CA_SOCIAL_INSURANCE_NUMBER: {
    positives: [["Her SIN is 046 454 286.", "046 454 286"]],
    nearMisses: ["Her SIN is 046 454 287."],
  },
  UK_NATIONAL_HEALTH_SERVICE_NUMBER: {
    positives: [["NHS number 943 476 5919.", "943 476 5919"]],
    nearMisses: ["NHS number 943 476 5918 failed."],
  },
  UK_NATIONAL_INSURANCE_NUMBER: {
    positives: [["NI number AB 12 34 56 C.", "AB 12 34 56 C"]],
    nearMisses: ["Code GB 12 34 56 C is not valid."],
  },
  UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER: {
    positives: [["My UTR is 1234567890.", "1234567890"]],
    nearMisses: ["Order 1234567890 shipped."],
  },
};

describe("every Bedrock PII type", () => {
  it("has cases for all 31 types", () => {
    expect(Object.keys(CASES).sort()).toEqual([...PII_ENTITY_TYPES].sort());
  });

  for (const type of PII_ENTITY_TYPES) {
    const { positives, nearMisses } = CASES[type];
    it.each(positives)(`${type}: %s`, (text, value) => {
      expect(found(text)).toContain(`${type}:${value}`);
    });
    it.each(nearMisses)(`${type} near miss: %s`, (text) => {
      expect(typesIn(text)).not.toContain(type);
    });
  }
});

describe("names after cue words (the runs used to be rejected whole)", () => {
  it.each([
    ["I'm Laura Palmer", "Laura Palmer"],
    ["Dear Olga Petrova", "Olga Petrova"],
    ["Hello Mikko Virtanen", "Mikko Virtanen"],
    ["Hi Pedro, can you resend it?", "Pedro"],
    ["This is Farah Whitfield from Oakmont Capital.", "Farah Whitfield"],
    ["Dr. Okafor will see you now.", "Okafor"],
  ])("%s", (text, name) => {
    expect(found(text)).toContain(`NAME:${name}`);
  });
});

describe("multi-line addresses", () => {
  it("joins street, unit, town and postcode lines into one address", () => {
    const uk = "Billing: Flat 2, 4332 Wexford Court\nLeeds\nLS4 4HN";
    expect(found(uk)).toEqual(["ADDRESS:Flat 2, 4332 Wexford Court\nLeeds\nLS4 4HN"]);
    const us = "Mailing address:\n5814 Wexford Lane\nApt. 7C\nDayton, OH 36311";
    expect(found(us)).toEqual(["ADDRESS:5814 Wexford Lane\nApt. 7C\nDayton, OH 36311"]);
  });

  it("keeps the person above the address apart from it", () => {
    expect(found("Deliver to\nNadia Quinlan\n12 Kestrel Road\nBangor, ME 04401")).toEqual([
      "NAME:Nadia Quinlan",
      "ADDRESS:12 Kestrel Road\nBangor, ME 04401",
    ]);
  });
});
