/** One request the local Bedrock received. */
export interface LoggedRequest {
  operation: string;
  path: string;
  modelId?: string;
  body: unknown;
  headers: Record<string, string | undefined>;
  status?: number;
}

/** The last `limit` requests, for tests and debugging. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  constructor(private readonly limit = 1000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
  }

  /** Requests in arrival order, optionally of one operation (`Converse`, `ConverseStream`, ...). */
  all(operation?: string): LoggedRequest[] {
    return operation ? this.entries.filter((entry) => entry.operation === operation) : [...this.entries];
  }

  count(operation?: string): number {
    return this.all(operation).length;
  }

  clear(): void {
    this.entries = [];
  }
}
