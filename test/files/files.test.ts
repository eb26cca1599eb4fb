import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConverseCommand, type ConverseCommandInput } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { createAgent, documentName, FileInputError, userMessage } from "../../src/index.ts";
import { makePdf, makePng, tempDir } from "../helpers/fixtures.ts";
import { converseBodies, localBedrock, localModel, sdkClient } from "../helpers/local-bedrock.ts";

const POLICY = [
  "Larkspur Travel Policy",
  "Employees may book business class on flights longer than eight hours.",
  "Hotel stays are reimbursed up to 220 euros per night in capital cities.",
];

type Body = { messages: Array<{ content: Array<Record<string, unknown>> }> };

describe("files in the input (real SDK, local Bedrock)", () => {
  it("sends an image and a PDF as Converse blocks, and carries the document citations into result.citations", async () => {
    const dir = tempDir();
    const pdf = join(dir, "travel_policy v2.pdf");
    writeFileSync(pdf, makePdf([POLICY.join("\n"), "Page two: meals are reimbursed at cost."]));
    const png = join(dir, "receipt.png");
    writeFileSync(png, makePng(120, 80));
    const server = await localBedrock();
    const agent = createAgent({ model: localModel(server) });
    const message = await userMessage("When may employees book business class?", {
      files: [png, pdf],
      citations: true,
    });
    const result = await agent.invoke([message]);
    expect(result.outcome).toBe("answered");
    expect(result.answer).toContain("Employees may book business class on flights longer than eight hours.");
    expect(result.citations).toHaveLength(1);
    const citation = result.citations?.[0];
    expect(citation?.sourceIds).toEqual(["travel_policy v2"]);
    expect(citation?.retrievedReferences[0]?.content.text).toContain(
      "Employees may book business class on flights longer than eight hours.",
    );
    expect(citation?.retrievedReferences[0]?.metadata?.location).toEqual({
      documentPage: { documentIndex: 0, start: 1, end: 1 },
    });
    const span = citation?.generatedResponsePart.textResponsePart.span;
    expect(result.answer.slice(span?.start, (span?.end ?? 0) + 1).trim()).toBe(
      citation?.retrievedReferences[0]?.content.text,
    );

    const [body] = converseBodies(server, "ConverseStream") as Body[];
    const blocks = body?.messages[0]?.content ?? [];
    expect(blocks.map((block) => Object.keys(block)[0])).toEqual(["image", "document", "text"]);
    expect(blocks[0]).toMatchObject({ image: { format: "png", source: { bytes: expect.any(String) } } });
    expect(blocks[1]).toMatchObject({
      document: { format: "pdf", name: "travel_policy v2", citations: { enabled: true } },
    });
  });

  it("tells what it can about an image it cannot see", async () => {
    const server = await localBedrock();
    const agent = createAgent({ model: localModel(server, { streaming: false }) });
    const message = await userMessage("What is in this picture?", {
      files: [{ bytes: makePng(64, 32), name: "photo.png" }],
    });
    const result = await agent.invoke([message]);
    expect(result.answer).toContain("I received 1 image (png 64×32). I cannot see images");
  });

  it("checks Bedrock's limits before anything is sent", async () => {
    const pdf = (name: string) => ({ bytes: makePdf(["x"]), name });
    await expect(
      userMessage("six", { files: [1, 2, 3, 4, 5, 6].map((i) => pdf(`d${i}.pdf`)) }),
    ).rejects.toThrow("6 documents given; Bedrock takes at most 5 per request");
    await expect(
      userMessage("big", { files: [{ bytes: Buffer.alloc(5 * 1024 * 1024, 0x20), name: "big.txt" }] }),
    ).rejects.toThrow("big.txt: 5.00 MB; Bedrock takes documents up to 4.5 MB");
    await expect(
      userMessage("huge", { files: [{ bytes: makePng(8001, 1), name: "wide.png" }] }),
    ).rejects.toThrow("8001×1 px; Bedrock takes images up to 8000×8000 px");
    await expect(
      userMessage("lie", { files: [{ bytes: makePng(2, 2), name: "x.png", format: "jpeg" }] }),
    ).rejects.toBeInstanceOf(FileInputError);
    // A misnamed image is sent as what its bytes are.
    const misnamed = await userMessage("ok", { files: [{ bytes: makePng(2, 2), name: "x.jpg" }] });
    expect((misnamed.content as Array<{ image?: { format: string } }>)[0]?.image?.format).toBe("png");
    await expect(userMessage("what?", { files: ["./no-such-file.pdf"] })).rejects.toThrow(
      /no-such-file.pdf: cannot read the file/,
    );
    await expect(
      userMessage("odd", { files: [{ bytes: Buffer.from("a"), name: "notes.xyz" }] }),
    ).rejects.toThrow(/cannot tell the file's format/);
  });

  it("makes valid, distinct document names from file names, and sends S3 sources as S3 locations", async () => {
    expect(documentName("/tmp/Q3 report (final)_v2.final.pdf")).toBe("Q3 report (final)_v2 final");
    expect(documentName("résumé  #1.docx")).toBe("r sum 1");
    expect(documentName("....pdf")).toBe("document");
    const message = await userMessage("compare", {
      files: [
        { bytes: Buffer.from("one"), name: "notes.txt" },
        { bytes: Buffer.from("two"), name: "notes.md" },
        "s3://acme-legal/contracts/annex.docx",
      ],
    });
    const documents = (message.content as Array<{ document?: { name: string; source: unknown } }>).flatMap(
      (block) => (block.document ? [block.document] : []),
    );
    expect(documents.map((document) => document.name)).toEqual(["notes", "notes (2)", "annex"]);
    expect(documents[2]?.source).toEqual({ s3Location: { uri: "s3://acme-legal/contracts/annex.docx" } });
  });

  it("refuses, before sending, a thread that would carry more documents than Bedrock takes", async () => {
    const server = await localBedrock();
    const agent = createAgent({ model: localModel(server, { streaming: false }) });
    const turn = (i: number) =>
      userMessage(`question ${i}`, {
        files: [
          { bytes: Buffer.from(`notes ${i}`), name: `n${i}-a.txt` },
          { bytes: Buffer.from(`more ${i}`), name: `n${i}-b.txt` },
        ],
      });
    const first = await agent.invoke([await turn(1)]);
    const second = await agent.invoke([...first.messages, await turn(2)]);
    const calls = server.requests.count("Converse");
    await expect(agent.invoke([...second.messages, await turn(3)])).rejects.toThrow(
      "this request would carry 6 documents (the thread's earlier turns included); Bedrock takes at most 5",
    );
    expect(server.requests.count("Converse")).toBe(calls);
  });
});

describe("the local Bedrock's file rules", () => {
  const doc = (name: string) => ({
    document: { format: "txt" as const, name, source: { bytes: Buffer.from("hello") } },
  });
  const ask = (
    content: NonNullable<ConverseCommandInput["messages"]>[number]["content"],
    modelId = "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  ): ConverseCommandInput => ({
    modelId,
    messages: [{ role: "user", content }],
  });

  it.each([
    [
      "a name Bedrock refuses",
      ask([doc("report.final"), { text: "q" }]),
      "The document file name can only contain alphanumeric characters",
    ],
    [
      "two spaces in a name",
      ask([doc("a  b"), { text: "q" }]),
      "can't contain more than one consecutive whitespace character",
    ],
    [
      "duplicate names",
      ask([doc("a"), doc("a"), { text: "q" }]),
      "Messages can't contain duplicate document names.",
    ],
    [
      "six documents",
      ask([...["a", "b", "c", "d", "e", "f"].map(doc), { text: "q" }]),
      "You can't include more than 5 documents in a request.",
    ],
    ["a document without text", ask([doc("a")]), "A text block must be included when using documents."],
    [
      "an image on a model without images",
      ask(
        [{ image: { format: "png", source: { bytes: makePng(2, 2) } } }, { text: "q" }],
        "us.amazon.nova-micro-v1:0",
      ),
      "doesn't support image content blocks",
    ],
    [
      "image bytes of another format",
      ask([{ image: { format: "jpeg", source: { bytes: makePng(2, 2) } } }, { text: "q" }]),
      "the image is png data but its format says jpeg",
    ],
  ])("refuses %s", async (_name, input, message) => {
    const server = await localBedrock();
    await expect(sdkClient(server.url).send(new ConverseCommand(input))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(message),
    });
  });
});
