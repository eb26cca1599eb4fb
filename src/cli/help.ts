/** Help texts, one per command. */
export const HELP = {
  main: `glassbox: agents on Amazon Bedrock whose ReAct loop you own and can see

Usage:
  glassbox init [dir]                   scaffold a project that uses Glassbox (agent, tool, eval, test)
  glassbox run "<question>" [options]   run the tool agent and show every step
  glassbox local [options]              start the local Bedrock (Converse, ConverseStream) on loopback
  glassbox models                       list the models Glassbox knows: serving, profiles, limits, prices
  glassbox chat [--thread <id>]         a conversation on a durable thread, with approvals at the prompt
  glassbox thread history|show|fork     a thread's checkpoints, one step in full, time travel
  glassbox studio [--ui-port <n>]       Glassbox Studio (offline step debugger) + the LangGraph dev server
  glassbox eval <suite> [options]       run an evaluation suite (glassbox eval --help)
  glassbox guard --config <file> "<text>"  apply a guardrail to a text and show the assessment
  glassbox kb ingest|query|stats        the local knowledge base (one SQLite file per knowledge base)
  glassbox mcp serve --agent <m:export> an agent as an MCP server (stdio, or --http on loopback)
  glassbox serve --agent <module:export>  serve an agent over the AgentCore Runtime HTTP contract
  glassbox agents import|compare        an Amazon Bedrock Agent as a Glassbox agent module; compare runs
  glassbox <command> --help             help for a command
  glassbox --version                    the installed version

Without AWS credentials (or with --local) the CLI starts the local Bedrock in-process: a deterministic,
rule-based model that speaks the Converse wire protocol. It is not an LLM.
`,
  init: `Usage: glassbox init [dir] [options]

Scaffolds a new project in dir (default: the current folder) that uses the installed Glassbox: an agent
with one tool (src/), langgraph.json for LangGraph Studio, an evaluation suite (evals/support/), a test
with glassbox/testing and vitest (test/), and a README with its commands. Writes no file that exists.

Options:
  --name <name>        the package name (default: the folder's name)
  --glassbox <spec>    the glassbox dependency to write (default: this version; e.g. file:../glassbox.tgz)
  -h, --help           this help

Then: npm install, npm start (the agent, offline without AWS credentials), npm test.
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
  --config <file>       agent config JSON: name, systemPrompt, model, limits, telemetry, mcpServers
                        (the mcpServers object of an mcp.json file: {command,args,env} or {url,headers})
  --mcp <command|url>   tools from an MCP server: a command line to spawn (stdio; quoted words as in a
                        shell) or a Streamable HTTP URL (repeatable; named mcp, mcp2, ...)
  --agent <tool|rag>    tool: the tool agent (default); rag: the doc Q&A agent over the sample corpus
                        (ingested into .glassbox/kb/larkspur.sqlite on first use), answers with citations
  --trace <spec>        export traces, metrics and logs: console (span tree + metrics summary) |
                        otlp (OTEL_EXPORTER_OTLP_* variables) | otlp=<url> (collector base URL, or a full
                        .../v1/traces URL used as given) | otlp+json=<url> | jsonl=<path> (OTLP/JSON lines)
                        (repeatable; OTEL_EXPORTER_OTLP_* and AgentCore's ADOT variables also turn it on)
  --telemetry-profile <auto|default|agentcore>
                        agentcore: spans, resource and content events as AgentCore Observability and
                        Evaluations read them (auto: when AGENT_OBSERVABILITY_ENABLED or a log group is set)
  --capture-content     record message content (spans, or agentcore log events); off by default
  --log-format <text|json>  stderr log lines as text (default) or JSON with trace_id and span_id
  --guardrail <file>    guardrail config (CreateGuardrail JSON): checks input, tool arguments, tool results
                        and the answer with the local engine
  --max-steps <n>       most ReAct steps before the run stops (default 10)
  --max-tokens <n>      token budget for the run
  --no-stream           use Converse instead of ConverseStream
  --json                print the result as JSON (no step stream)
  --output-schema <f>   a JSON Schema file: the answer must match it; the validated JSON is printed
                        on stdout (the steps go to stderr)
  --file <path>         attach a document (pdf, csv, doc(x), xls(x), html, txt, md) or image (png, jpeg,
                        gif, webp), or an s3://bucket/key URI (repeatable); documents are cited where
                        the model can
  --dry-run             count and price the first model call (CountTokens where the model has it)
                        without calling the model
  --verbose             print stack traces for errors
  -h, --help            this help

Exit codes: 0 answered, 1 the run failed or ended without an answer, 2 bad usage or configuration.
`,
  agents: `Usage:
  glassbox agents import <file|dir> [options]         import a Bedrock Agent definition from files
  glassbox agents import --agent-id <id> [options]    import it from the account (bedrock-agent API)
  glassbox agents compare <recording> --agent <module[:export] | graph id> [options]
                                                      a managed agent's trace beside a Glassbox run

Import writes a Glassbox agent module (agent.ts, the OpenAPI schemas it reads, definition.json) and an
import report (import-report.md, import-report.json) listing every field carried over and every one
that could not be (custom orchestration, parser Lambdas, memory, code interpreter...), with the reason.
The file is one JSON bundle {agent, actionGroups, knowledgeBases, guardrail}, or a folder of the raw
API outputs (get-agent, get-agent-action-group per group, list-agent-knowledge-bases, guardrail.json).

Options of import:
  --out <dir>           where to write the module (default: ./<agent name>); existing files are kept
                        unless --force
  --force               overwrite files in --out
  --strict              fail (exit 2, nothing written) when anything cannot be carried over
  --agent-id <id>       read the agent from the account: GetAgent, ListAgentActionGroups/GetAgentActionGroup,
                        ListAgentKnowledgeBases, and the guardrail's policies with GetGuardrail
                        (default credential chain; without bedrock:GetGuardrail the report says so)
  --agent-version <v>   DRAFT (default) or a version number
  --alias <id>          the version an alias routes to (e.g. TSTALIASID)
  --region <region>     AWS region (default: AWS_REGION or your profile's region)
  --profile <name>      AWS profile for the default credential chain
  --endpoint <url>      bedrock-agent endpoint (e.g. a running \`glassbox local --agents <dir>\`)

Compare: compares a managed Amazon Bedrock Agent's run with a Glassbox agent's run of the same question. The
recording is the InvokeAgent response stream as the AWS SDK (JSON.stringify(event)) or boto3 gives it:
a file { "inputText", "sessionId"?, "agentId"?, "events": [...] }, or a JSON array / JSONL of events
with --question. The Glassbox agent runs on the recording's question; both trajectories are printed
side by side (tool calls aligned, divergences marked), with knowledge-base queries, both answers and
the trajectory and answer evaluators' scores (the managed run is the reference).

Action-group operations are compared as the Glassbox tools <verb>__<actionGroup>__<operationId> and
<actionGroup>__<function>; an OpenAPI operation's operationId comes from --openapi or --tool-map, else from its path.

Options of compare:
  --agent <spec>            a module exporting an agent or a factory ({ model }) => agent, or a graph id
                            of ./langgraph.json (its module's "agent" export)
  --question <text>         the question, for a bare list of events
  --openapi <group>=<file>  an action group's OpenAPI schema (JSON), for operationIds (repeatable)
  --tool-map <file>         JSON { "<actionGroup> <METHOD> <apiPath>": "<operationId>" }
  --local, --endpoint <url>, --region, --profile   where model calls go, as for glassbox run
  --json                    the comparison as JSON
  --fail-on-divergence      exit 1 when the trajectories diverge or a trajectory match fails
  -h, --help                this help
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
  --rpm <n>                    requests-per-minute quota on Converse(Stream): ThrottlingException beyond it
  --burst <n>                  requests the quota's bucket holds (default one second's worth)
  --guardrail <file>           serve a guardrail config to ApplyGuardrail, Converse guardrailConfig and the
                               knowledge-base operations (repeatable); its id is Bedrock-shaped (12
                               characters derived from its name, printed at start), version DRAFT
  --guardrail-alias <name=id>  also accept <name> for the guardrail <id> (repeatable; Bedrock has no aliases)
  --kb-alias <name=id>         also accept <name> for the knowledge base <id> in Retrieve and
                               RetrieveAndGenerate (repeatable; Bedrock has no aliases)
  --agents <file|dir>          serve a Bedrock Agent definition (a bundle, a folder of API outputs, or
                               the folder \`glassbox agents import\` wrote) to the bedrock-agent read
                               operations (GetAgent, ListAgentActionGroups...); repeatable
  --lambda <name=path>         serve a Lambda handler module (export handler) to Lambda Invoke as function
                               <name>, e.g. an action group's handler for lambdaExecutor (repeatable)
  -h, --help                   this help

Record and replay (instead of the local model; docs/local-bedrock.md "Record and replay"):
  --record <dir> --upstream bedrock|<url>
                               a recording proxy: forwards every call to Amazon Bedrock (each service's
                               endpoint in --region, re-signed with your AWS credentials; --profile) or to
                               <url>, and writes each exchange to the cassette folder <dir>
  --replay <dir>               serves a cassette back byte for byte; an unrecorded request gets a
                               ValidationException naming the closest recording
  --replay-timing recorded|none  wait as the upstream did, or answer at once (default none)

Knowledge bases in .glassbox/kb (GLASSBOX_KB_DIR) are served to Retrieve and RetrieveAndGenerate(Stream)
under 10-character ids like Bedrock's (glassbox kb list prints them).
`,
  models: `Usage: glassbox models [--json]

Lists the foundation models Glassbox knows: whether Bedrock serves each on demand or only through
inference profiles (and which: us., eu., apac., jp., au., global.), context window, output limit, input
modalities, tool choice, prompt caching, reasoning, other features, and on-demand list prices (USD per
million tokens; override them with "prices" in the model config).

  --json        the whole catalogue as JSON, with its date and AWS sources
  -h, --help    this help
`,
  chat: `Usage: glassbox chat [options] < questions

Talks with the tool agent on a durable thread: reads one question per line from stdin (typed or piped),
shows every step, and keeps the conversation in a checkpointer, so --thread <id> continues it after a
restart. Tools marked with --approve wait at the prompt: [y]es, [e]dit the arguments (a JSON object) or
[n]o with a reason the model reads. Tools marked with --client-tool are yours to run: type their result
(JSON or text) or "reject: <reason>". A run that was paused or killed resumes first.

Options:
  --thread <id>            the conversation to continue (default: a new one; its id is printed)
  --checkpointer <spec>    memory | sqlite:<path> | postgres://… (default sqlite:.glassbox/threads.db,
                           or GLASSBOX_CHECKPOINTER)
  --approve <tool>         ask before each call of this tool (repeatable)
  --client-tool <tool>     return this tool's calls to you to run (repeatable)
  --from <checkpoint>      start the first question from this earlier checkpoint (a fork)
  --model, --local, --endpoint, --region, --profile, --max-steps, --no-stream   as for glassbox run
  --verbose                print stack traces for errors
  -h, --help               this help

Type /exit (or end the input) to leave. Exit codes: 0 answered, 1 the last run did not answer or is
still paused, 2 bad usage or configuration.
`,
  thread: `Usage: glassbox thread <action> <thread> [checkpoint] [options]

  history <thread>                          every checkpoint of the thread, newest first
  show <thread> <checkpoint>                one checkpoint: its messages, steps, next nodes and interrupts
  fork <thread> <checkpoint> "<message>"    run the message from that earlier checkpoint: the thread
                                            continues from there (the old branch stays in the history)

Options:
  --checkpointer <spec>    memory | sqlite:<path> | postgres://… (default sqlite:.glassbox/threads.db)
  --json                   print history and show as JSON
  --model, --local, --endpoint, --region, --profile   for fork, as for glassbox run
  -h, --help               this help
`,
  studio: `Usage: glassbox studio [options]        (also: npm run studio)

Starts Glassbox Studio, an offline step debugger in the browser (graphs, live runs, spans, threads and
checkpoints, breakpoints, approvals, evaluations), served from loopback with no network access, on the
thread store the CLI and glassbox serve use; and the LangGraph dev server for the graphs in
langgraph.json, for LangGraph Studio (a hosted page your browser must reach). Without AWS credentials (or
with --local) it starts the local Bedrock and points the graphs at it. Prints the URLs; runs until Ctrl-C. The LangGraph server
accepts browser calls only from the Studio page's origin (and its own) with a loopback Host; others get 403.

Options:
  --ui-port <n>        Glassbox Studio's port (default: --port + 1; 0 picks a free one)
  --checkpointer <spec>  the thread store (default sqlite:.glassbox/threads.db, or GLASSBOX_CHECKPOINTER)
  --trace-file <path>  open a trace file in the Spans view (OTLP/JSON lines, as --trace jsonl= writes, or
                       one OTLP/JSON document)
  --evals-dir <dir>    where evaluation runs are (default .glassbox/evals)
  --model <id>         model id for the shipped graphs
  --no-langgraph       Glassbox Studio only, without the LangGraph dev server
  --port <n>           the LangGraph dev server's port (default 2025)
  --host <addr>        address the LangGraph dev server listens on (default 127.0.0.1; Studio stays on loopback)
  --local              use the local Bedrock even when AWS credentials exist
  --endpoint <url>     Bedrock endpoint for the graphs
  --no-reload          do not reload graphs when sources change
  --studio-url <url>   another LangGraph Studio host (default https://smith.langchain.com)
  --allow-origin <url> another page origin that may call the LangGraph server (repeatable; e.g. a self-hosted Studio)
  --trace <spec>       trace the runs (otlp | otlp=<url> | otlp+json=<url> | console | jsonl=<path>;
                       repeatable); the graphs also read OTEL_EXPORTER_OTLP_* themselves
  --capture-content    record message content in those traces
  -h, --help           this help
`,
  eval: `Usage: glassbox eval <suite> [options]
       glassbox eval list
       glassbox eval compare <runA> <runB> [--json] [--max-regressions <n>] [--allow-model-change]

Runs a suite from evals/<suite>/ (dataset.jsonl + suite.ts): every case through the target and the
evaluators, with a progress bar. Results go to .glassbox/evals/<suite>/<runId>/: results.jsonl (append-only,
resumable), summary.json, junit.xml and report.html (self-contained). Target and judge calls are cached in
.glassbox/evals/cache.sqlite, keyed on everything that decides an answer: the endpoint (or Amazon Bedrock
and its region), the model after any traffic split, the system prompt, tool specs, inference and guardrail
settings, the suite's fingerprint and the Glassbox version. The summary says which endpoint and model
answered and how many rows came from the cache.

Options:
  --local | --endpoint <url>   where model calls go (default: Bedrock with AWS credentials, else local)
  --replay <dir>               answer every call from a cassette (glassbox local --record); offline
  --record <dir> --upstream bedrock|<url>   record the run's calls into a cassette while it runs
  --model <id>                 the target's model id      --region, --profile   AWS settings
  --repetitions <n>            run every case n times (mean ± CI, pass@k, pass^k)
  --concurrency <n>            cases in flight (default 8) --judge-concurrency <n>  judge calls (default 4)
  --rpm <n>, --tpm <n>         target requests / tokens per minute (adaptive back-off on throttling)
  --judge-rpm, --judge-tpm     the same for the judge
  --judge <offline|model id>   LLM-as-judge model (default offline: deterministic, no model calls)
  --retries <n>                extra attempts of a failed case (default 2)
  --robustness <all|list>      also run perturbed inputs: lowercase,typos,numbers_to_words,random_caps,whitespace
  --limit <n>                  only the first n cases
  --run-id <id>                name the run        --resume <runId>   finish an interrupted run
  --retry-errors               with --resume, run error rows again
  --no-cache                   neither read nor write the cache
  --baseline <run>             compare with a run (id or directory) and gate on regressions
  --max-regressions <n>        regressions tolerated by the gate (default 0)
  --allow-model-change         compare runs answered by different endpoints or models (otherwise exit 3)
  --out <dir>                  run directories root (default .glassbox/evals)
  --suites <dir>               suites folder (default ./evals or GLASSBOX_EVALS_DIR)
  --trace <spec>               also export the runs' spans (console | otlp | jsonl=<path>)
  --json                       print the summary as JSON

Exit codes: 0 passed, 1 thresholds failed or a regression against --baseline, 2 bad usage or suite,
3 the baseline is not comparable (another suite, no shared cases, or another endpoint or model).
`,
  guard: `Usage: glassbox guard (--config <file> | --guardrail-id <id>) [options] "<text>"

Applies a guardrail to one text, as ApplyGuardrail does, and prints the assessment: the action, the
masked or blocked output, every policy finding, usage units and coverage. --config uses the offline
engine on a CreateGuardrail JSON file; --guardrail-id calls Amazon Bedrock (or --endpoint).

Options:
  --config <file>              guardrail config (the CreateGuardrail JSON)
  --guardrail-id <id>          a Bedrock guardrail id or ARN instead of a file
  --guardrail-version <v>      its version (default DRAFT)
  --region <region>            AWS region for --guardrail-id
  --endpoint <url>             Bedrock runtime endpoint for --guardrail-id (e.g. glassbox local)
  --source INPUT|OUTPUT        which side the text is (default INPUT)
  --grounding-source <text>    grounding source for contextual grounding (@file reads a file)
  --query <text>               the query for the relevance check
  --full                       outputScope FULL: report non-detected entries too
  --json                       print the raw ApplyGuardrail response
  -h, --help                   this help

Exit codes: 0 no intervention, 1 the guardrail intervened, 2 bad usage or configuration.
`,
  kb: `Usage:
  glassbox kb ingest <dir> [--kb <name>] [--chunking <strategy|json>] [--data-source <id>] [--source-uri-prefix <p>]
  glassbox kb query "<question>" [--kb <name>] [--filter <json>] [--search HYBRID|SEMANTIC] [-k <n>]
  glassbox kb stats [--kb <name>]
  glassbox kb list

A local knowledge base is one SQLite file, .glassbox/kb/<name>.sqlite (GLASSBOX_KB_DIR moves the folder);
the default name is "docs". The local Bedrock serves it to Retrieve and RetrieveAndGenerate under a
10-character id derived from the name, as Bedrock issues ids: ingest, stats and list print it. Readable
names are accepted only as aliases you configure (glassbox local --kb-alias <name>=<id>).

ingest syncs a folder: .txt .md .html .json .pdf .docx files, each with an optional <file>.metadata.json
({"metadataAttributes": {...}}). Unchanged files are skipped (content hash), changed ones re-indexed,
deleted ones removed; unreadable files are reported and skipped.
  --chunking <s>        FIXED_SIZE (300 tokens, 20% overlap), NONE, HIERARCHICAL (1500/300, overlap 60),
                        SEMANTIC (300, buffer 0, 95th percentile), or Bedrock's chunkingConfiguration as
                        JSON or @file.json. Default: about 300 tokens at sentence ends.
  --data-source <id>    the data source the files belong to (default: the folder name)
  --source-uri-prefix   source URIs become <prefix><relative path> (default s3://glassbox-local-kb/<id>/,
                        so Retrieve answers S3 locations); a file:// prefix gives CUSTOM locations

query runs Retrieve against the knowledge base.
  --filter <json>       a RetrievalFilter, e.g. {"equals":{"key":"department","value":"hr"}} (or @file.json)
  --search <type>       HYBRID (BM25 + vectors, the default) or SEMANTIC (vectors only)
  -k <n>                number of results, 1-100 (default 5)

Every subcommand takes --json for machine-readable output.
`,
  mcp: `Usage: glassbox mcp serve --agent <module:export> [options]

Serves an agent as an MCP server with one tool (input: the request; the answer comes back as text), so
IDEs and other frameworks can call it. The export is an agent, or a function that builds one from
{ model }, e.g. graphs/tool-agent.ts:createToolAgent. The caller's _meta.traceparent parents the run's
spans. Without --http it speaks MCP on stdin/stdout (logs go to stderr).

Options:
  --agent <module:export>  the agent to serve (required)
  --http                   serve MCP Streamable HTTP instead of stdio
  --host <addr>            address for --http (default 127.0.0.1; beyond loopback GLASSBOX_MCP_TOKEN must
                           be set, and every request must send Authorization: Bearer <token>)
  --port <n>               port for --http (default 8765; 0 picks a free one)
  --allowed-host <h:p>     Host header to accept besides localhost/127.0.0.1/[::1] with the port (repeatable)
  --allowed-origin <url>   Origin to accept besides loopback origins (repeatable); others get 403
  --tool-name <name>       the tool's name (default the agent's name)
  --description <text>     the tool's description (default the agent's)
  --model, --local, --endpoint, --region, --profile   as for glassbox run
  -h, --help               this help
`,
  serve: `Usage: glassbox serve --agent <module>:<export> [options]

Serves an agent over the Amazon Bedrock AgentCore Runtime HTTP contract: POST /invocations (JSON, or
server-sent events with Accept: text/event-stream), GET /ping (Healthy / HealthyBusy), GET /ws
(WebSocket), and GET /ready for load balancers (fails while the model endpoint or the thread store is
unreachable). The X-Amzn-Bedrock-AgentCore-Runtime-Session-Id header names the thread. Access logs are
JSON lines on stderr. SIGTERM drains: in-flight runs finish within --drain-timeout, the rest stop at
their last checkpoint, and a later {"continue": true} (on any worker) finishes them.

The export is an agent, or a factory called with { checkpointer, model: endpoint, region, profile ,
telemetry } (createAgent and graphs/tool-agent.ts:createToolAgent are such factories).

Options:
  --agent <module:export>   the agent (default export when ":export" is left out; or GLASSBOX_AGENT)
  --port <n>                port (default 8080, AgentCore's; or PORT)
  --host <addr>             address (default 127.0.0.1; AgentCore and containers need 0.0.0.0; or
                            GLASSBOX_HOST)
  --checkpointer <spec>     memory | sqlite:<path> | postgres://… (default sqlite:.glassbox/threads.db,
                            the store chat, thread and studio read; or GLASSBOX_CHECKPOINTER; the
                            container sets memory). Workers behind a load balancer share one PostgreSQL
  --local, --endpoint <url>, --region, --profile   where model calls go, as for glassbox run
  --max-concurrency <n>     invocations at once; more get 503 with Retry-After (default 128)
  --drain-timeout <s>       seconds in-flight runs get on SIGTERM (default 25)
  --allow-origin <origin>   a browser origin allowed to call the server (repeatable; none by default)
  --allow-host <name>       a Host name the server answers to (repeatable; default any on 0.0.0.0,
                            loopback names on loopback)
  --trace <spec>            export spans: console | otlp | otlp=<url> | jsonl=<path> (repeatable)
  --log-pings               log /ping requests too
  -h, --help                this help
`,
} as const;
