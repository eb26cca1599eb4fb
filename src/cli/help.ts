/** Help texts, one per command. */
export const HELP = {
  main: `glassbox: agents on Amazon Bedrock whose ReAct loop you own and can see

Usage:
  glassbox run "<question>" [options]   run the tool agent and show every step
  glassbox local [options]              start the local Bedrock (Converse, ConverseStream) on loopback
  glassbox models                       list the model ids Glassbox knows, with list prices
  glassbox guard --config <file> "<text>"  apply a guardrail to a text and show the assessment
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
  --trace <spec>        export spans: console | otlp | otlp=<url> | jsonl=<path> (repeatable)
  --capture-content     put message content on spans (off by default)
  --guardrail <file>    guardrail config (CreateGuardrail JSON): checks input, tool arguments, tool results
                        and the answer with the local engine
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
  --guardrail <file>           serve a guardrail config (id = its name, version DRAFT) to ApplyGuardrail
                               and Converse guardrailConfig (repeatable)
  -h, --help                   this help
`,
  models: `Usage: glassbox models

Lists the foundation models Glassbox knows, the tool-choice modes they accept and their on-demand list
prices (USD per million tokens). Cross-region inference profiles (us., eu., apac., global.) use the same
prices; override them with "prices" in the model config.
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
} as const;
