/** Help texts, one per command. */
export const HELP = {
  main: `glassbox: agents on Amazon Bedrock whose ReAct loop you own and can see

Usage:
  glassbox run "<question>" [options]   run the tool agent and show every step
  glassbox local [options]              start the local Bedrock (Converse, ConverseStream) on loopback
  glassbox models                       list the model ids Glassbox knows, with list prices
  glassbox kb ingest|query|stats        the local knowledge base (one SQLite file per knowledge base)
  glassbox <command> --help             help for a command

Without AWS credentials (or with --local) the CLI starts the local Bedrock in-process: a deterministic,
rule-based model that speaks the Converse wire protocol. It is not an LLM.
`,
  run: `Usage: glassbox run "<question>" [options]

Runs the tool agent (calculator, dates, unit conversion) and streams its thought, action and observation
steps, then the answer, token usage and cost.

Options:
  --model <id>          model id, cross-region inference profile (us.…) or provisioned-throughput ARN
  --local               use the local Bedrock even when AWS credentials exist
  --endpoint <url>      Bedrock endpoint (e.g. a running \`glassbox local\`, or a VPC endpoint)
  --region <region>     AWS region (default: AWS_REGION or your profile's region)
  --profile <name>      AWS profile for the default credential chain
  --config <file>       agent config JSON: name, systemPrompt, model, limits, telemetry
  --agent <tool|rag>    tool: the tool agent (default); rag: the doc Q&A agent over the sample corpus
                        (ingested into .glassbox/kb/larkspur.sqlite on first use), answers with citations
  --trace <spec>        export spans: console | otlp | otlp=<url> | jsonl=<path> (repeatable)
  --capture-content     put message content on spans (off by default)
  --max-steps <n>       most ReAct steps before the run stops (default 10)
  --max-tokens <n>      token budget for the run
  --no-stream           use Converse instead of ConverseStream
  --json                print the result as JSON (no step stream)
  --verbose             print stack traces for errors
  -h, --help            this help

Exit codes: 0 answered, 1 the run failed or ended without an answer, 2 bad usage or configuration.
`,
  local: `Usage: glassbox local [options]

Starts the local Bedrock on loopback: Converse and ConverseStream over HTTP/1.1 and cleartext HTTP/2,
answered by a deterministic ReAct policy that is not an LLM. Point any AWS SDK at it with
endpoint http://127.0.0.1:<port>, any region, and placeholder credentials.

Options:
  --port <n>                   port (default 4010; 0 picks a free one)
  --host <addr>                address to listen on (default 127.0.0.1)
  --script <file>              JSON list of scripted responses, answered in order
  --latency <ms>               added latency per request
  --throttle-rate <0..1>       share of requests answered with ThrottlingException (429)
  --error-rate <0..1>          share of requests answered with InternalServerException (500)
  --mid-stream-failure-rate <0..1>  share of streams that fail after some events
  --seed <n>                   seed for the fault decisions (reproducible runs)
  -h, --help                   this help
`,
  models: `Usage: glassbox models

Lists the foundation models Glassbox knows, the tool-choice modes they accept and their on-demand list
prices (USD per million tokens). Cross-region inference profiles (us., eu., apac., global.) use the same
prices; override them with "prices" in the model config.
`,
  kb: `Usage:
  glassbox kb ingest <dir> [--kb <name>] [--chunking <strategy|json>] [--data-source <id>] [--source-uri-prefix <p>]
  glassbox kb query "<question>" [--kb <name>] [--filter <json>] [--search HYBRID|SEMANTIC] [-k <n>]
  glassbox kb stats [--kb <name>]

A local knowledge base is one SQLite file, .glassbox/kb/<name>.sqlite (GLASSBOX_KB_DIR moves the folder);
the default name is "default". The local Bedrock serves it to Retrieve and RetrieveAndGenerate as <name>.

ingest syncs a folder: .txt .md .html .json .pdf .docx files, each with an optional <file>.metadata.json
({"metadataAttributes": {...}}). Unchanged files are skipped (content hash), changed ones re-indexed,
deleted ones removed; unreadable files are reported and skipped.
  --chunking <s>        FIXED_SIZE (300 tokens, 20% overlap), NONE, HIERARCHICAL (1500/300, overlap 60),
                        SEMANTIC (300, buffer 0, 95th percentile), or Bedrock's chunkingConfiguration as
                        JSON or @file.json. Default: about 300 tokens at sentence ends.
  --data-source <id>    the data source the files belong to (default: the folder name)
  --source-uri-prefix   source URIs become <prefix><relative path>, e.g. s3://bucket/ (default file://)

query runs Retrieve against the knowledge base.
  --filter <json>       a RetrievalFilter, e.g. {"equals":{"key":"department","value":"hr"}} (or @file.json)
  --search <type>       HYBRID (BM25 + vectors, the default) or SEMANTIC (vectors only)
  -k <n>                number of results, 1-100 (default 5)

Every subcommand takes --json for machine-readable output.
`,
} as const;
